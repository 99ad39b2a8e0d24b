// mixpanel-browser 2.83's rage click: the 4th click in a row where each comes less than 1000 ms after the
// one before and less than 30 px (page coordinates) from it. The count then starts again, so 8 such
// clicks are two rage clicks; a click too late or too far starts a new row.
export const RAGE_CLICK_COUNT = 4;
export const RAGE_CLICK_TIMEOUT_MS = 1000;
export const RAGE_CLICK_THRESHOLD_PX = 30;

interface Click {
  x: number;
  y: number;
  at: number;
}

export class RageClickDetector {
  private clicks: Click[] = [];

  /** Whether this click (page coordinates, its time) completes a rage click. */
  isRageClick(x: number, y: number, at: number): boolean {
    const last = this.clicks[this.clicks.length - 1];
    if (last && at - last.at < RAGE_CLICK_TIMEOUT_MS && Math.hypot(x - last.x, y - last.y) < RAGE_CLICK_THRESHOLD_PX) {
      this.clicks.push({ x, y, at });
      if (this.clicks.length >= RAGE_CLICK_COUNT) {
        this.clicks = [];
        return true;
      }
    } else {
      this.clicks = [{ x, y, at }];
    }
    return false;
  }
}
