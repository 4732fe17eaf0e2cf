// Chinese labels render as empty boxes unless the canvas knows a CJK font: register the
// first one installed (Debian's fonts-wqy-microhei is what CI installs).
import { existsSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';

export const CJK_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/System/Library/Fonts/PingFang.ttc',
  'C:\\Windows\\Fonts\\msyh.ttc',
];

const FAMILY = 'ChatproofCJK';
let registered: string | null | undefined;

/** The CSS font family to use on canvases: the CJK font first when one was found. */
export function canvasFontFamily(): string {
  if (registered === undefined) {
    registered = null;
    for (const path of CJK_FONT_CANDIDATES) {
      if (existsSync(path) && GlobalFonts.registerFromPath(path, FAMILY)) {
        registered = path;
        break;
      }
    }
  }
  return registered ? `${FAMILY}, sans-serif` : 'sans-serif';
}

/** Path of the registered CJK font, or null (Chinese text would then be boxes). */
export function cjkFontPath(): string | null {
  canvasFontFamily();
  return registered ?? null;
}
