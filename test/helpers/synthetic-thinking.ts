// Long, seeded "thinking" text like a Qwen3 run with enable_thinking keeps for every turn:
// mostly Chinese with English sentences and terms mixed in, a few emoji. Built word by word
// from a few hundred words (Zipf-like weights) so gzip finds roughly what it finds in plain
// prose, never one sentence repeated: a report-size benchmark on this text must not come out
// smaller than it would on a real run. Nobody has to read it; its size and mix are the point.

const ZH_WORDS = (
  '用户 我 他 她 我们 你 这个 那个 现在 刚才 之前 之后 可能 应该 需要 觉得 想要 希望 已经 还是 ' +
  '分手 难过 心疼 理解 感受 情绪 安慰 陪伴 回忆 电影 约会 上海 工作 异地 三年 小杰 泰坦尼克号 ' +
  '问题 回答 对话 历史 前面 提到 记得 确认 信息 细节 语气 温柔 共情 建议 说教 直接 委婉 简短 ' +
  '首先 然后 另外 不过 但是 所以 因为 如果 或者 而且 其实 也许 大概 尤其 同时 最后 总之 ' +
  '考虑 分析 判断 注意 避免 重复 强调 表达 回应 鼓励 支持 倾听 接纳 尊重 边界 空间 时间 ' +
  '睡眠 饮食 朋友 家人 城市 距离 联系 主动 决定 选择 结果 过程 原因 方向 角度 方式 内容 ' +
  '第一 第二 第三 一点 一些 很多 有点 非常 比较 真的 确实 好像 看起来 听起来 意思 重点 ' +
  '的 了 是 在 不 也 就 都 要 会 能 和 跟 把 被 对 给 让 从 到 吗 呢 吧 啊'
).split(' ');

const EN_WORDS = (
  'the user is asking about what they said earlier so I should recall the history before I answer ' +
  'maybe okay wait actually let me check again first second then also but because if it was they ' +
  'breakup feelings empathy support gentle tone short reply avoid lecturing remember three years ' +
  'Jay Shanghai Titanic first date long-distance job city movie cry sad lost friend sleep meals ' +
  'context window turn previous message fact detail consistent language Chinese English answer ' +
  'should would could might need want feel think know mention confirm respond comfort validate ' +
  'not too long keep it warm and natural do not repeat the question make sure to ask how they are'
).split(' ');

// Single common characters between words: real prose has a long tail a word list lacks.
const ZH_CHARS = Array.from(
  '一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知' +
    '民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼' +
    '体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认' +
    '算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持音' +
    '跑',
);

const ZH_PUNCT = ['，', '，', '，', '。', '。', '；', '：', '？', '！'];
const EMOJI = ['😢', '🙂', '💔', '🤔', '😊'];

/** Weighted toward the front of the list: common words recur, rare ones stay rare. */
function zipf<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(items.length * random() * random())];
}

function zhSentence(random: () => number): string {
  let s = '';
  const words = 6 + Math.floor(random() * 14);
  for (let i = 0; i < words; i++) {
    s += zipf(ZH_WORDS, random);
    if (random() < 0.5) s += ZH_CHARS[Math.floor(random() * ZH_CHARS.length)];
    if (random() < 0.12) s += zipf(ZH_PUNCT, random);
    if (random() < 0.04) s += ` ${zipf(EN_WORDS, random)} `;
    if (random() < 0.03) s += String(Math.floor(random() * 100));
  }
  return s + (random() < 0.7 ? '。' : '？');
}

function enSentence(random: () => number): string {
  const words: string[] = [];
  const n = 5 + Math.floor(random() * 16);
  for (let i = 0; i < n; i++) words.push(zipf(EN_WORDS, random));
  const s = words.join(' ');
  return `${s[0].toUpperCase()}${s.slice(1)}${random() < 0.8 ? '.' : '?'} `;
}

/** About `chars` UTF-16 units of thinking (never a cut emoji), mostly Chinese, some English. */
export function syntheticThinking(chars: number, random: () => number): string {
  let text = random() < 0.5 ? '好的，用户说' : 'Okay, the user says ';
  while (text.length < chars) {
    text += random() < 0.85 ? zhSentence(random) : enSentence(random);
    if (random() < 0.05) text += zipf(EMOJI, random);
    if (random() < 0.08) text += '\n\n';
  }
  // Trim to length without leaving half of a surrogate pair at the end.
  let end = Math.min(text.length, chars);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/** Per-turn length, log-uniform from half to twice `typical` (4,000: 2,000-8,000, median 4,000, mean ~4,330). */
export function thinkingLength(typical: number, random: () => number): number {
  return Math.round(typical * 2 ** (2 * random() - 1));
}
