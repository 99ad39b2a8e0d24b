import { describe, expect, it } from 'vitest';
import { fitViewport } from '../src/lib/fit';

describe('fitting the recorded viewport into the stage', () => {
  it('fills the height of a wide stage and centres with bars at the sides', () => {
    expect(fitViewport({ width: 800, height: 600 }, { width: 1000, height: 300 })).toEqual({ scale: 0.5, x: 300, y: 0 });
  });

  it('fills the width of a tall stage and centres with bars above and below', () => {
    expect(fitViewport({ width: 1600, height: 900 }, { width: 800, height: 800 })).toEqual({ scale: 0.5, x: 0, y: 175 });
  });

  it('scales a small phone viewport up to the stage', () => {
    expect(fitViewport({ width: 390, height: 844 }, { width: 900, height: 422 }).scale).toBe(0.5);
    expect(fitViewport({ width: 400, height: 300 }, { width: 800, height: 600 }).scale).toBe(2);
  });

  it('leaves the frame unscaled before anything has a size', () => {
    expect(fitViewport({ width: 0, height: 0 }, { width: 900, height: 600 })).toEqual({ scale: 1, x: 0, y: 0 });
  });
});
