// A reply policy for the fixture server that plays the breakup dialogue (scenarios/breakup.yaml
// and its English version) like a warm model that forgets the film: every turn answers in the
// user's language and on topic, but the recall probe (turn 7) gets a reply without the film.
// Used to check that the report and the terminal lead with that loss.
import type { ReceivedRequest } from '../../fixtures/openai-server/types.js';

const ZH: Record<number, string> = {
  1: '抱抱你,分手真的很难过,我在这里陪你,想说说吗?',
  2: '他突然说没感觉了,这种不确定一定让你很困惑。',
  3: '《泰坦尼克号》是很经典的电影,他说太老了,也许反映了他对旧东西的态度。',
  4: '他一直不喜欢长久的东西,也许他更适合短暂的关系,而你值得被坚定选择。',
  5: '不客气,你值得更好的人,我随时在这里陪你。',
  6: '刚分手时先删掉他的微信也是在保护自己,这段感情结束了,你可以慢慢放下。',
  7: '抱歉,我不太记得是哪部电影了,你愿意再跟我说说吗?',
  8: '他说对你没感觉了,而且他一直不喜欢长久的东西,这和他的性格有关系。',
};

const EN: Record<number, string> = {
  1: "I'm so sorry about the breakup. That hurts, and I'm here for you if you want to talk.",
  2: 'Him suddenly saying he has no feelings anymore must have been confusing and painful.',
  3: 'Titanic is a classic film; him calling it too old may say something about how he sees old things.',
  4: 'If he never liked things that last, maybe he prefers short relationships, and you deserve commitment.',
  5: "You're welcome. You deserve someone who cherishes you, and I'm here any time.",
  6: 'After a breakup, deleting him can protect you while you heal; it is fine to take distance from the relationship.',
  7: "Sorry, I don't remember which movie it was. Would you tell me again?",
  8: 'He said he had no feelings anymore, and he never liked things that last; that fits his personality.',
};

/** The reply for a request: Chinese when the user wrote Chinese, English otherwise. */
export function forgetfulBreakupReply(req: ReceivedRequest): string {
  const table = /[\u4e00-\u9fff]/.test(req.lastUser) ? ZH : EN;
  return table[req.userTurns] ?? table[5]!;
}
