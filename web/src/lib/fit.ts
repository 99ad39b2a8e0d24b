// Fitting the recorded viewport into the player's stage: as large as fits, aspect kept, centred
// (letterboxed on the sides or top and bottom).

export interface Size {
  width: number;
  height: number;
}

export interface Placement {
  scale: number;
  x: number;
  y: number;
}

export function fitViewport(viewport: Size, stage: Size): Placement {
  if (viewport.width <= 0 || viewport.height <= 0 || stage.width <= 0 || stage.height <= 0) {
    return { scale: 1, x: 0, y: 0 };
  }
  const scale = Math.min(stage.width / viewport.width, stage.height / viewport.height);
  return {
    scale,
    x: (stage.width - viewport.width * scale) / 2,
    y: (stage.height - viewport.height * scale) / 2,
  };
}
