import type { ScrollDepth } from '@hindsight/types';

interface Props {
  depth: ScrollDepth;
}

/** How far down the page its visitors got: per depth, the share of visitors who saw at least that much. */
export function ScrollDepthView({ depth }: Props) {
  if (depth.visitors === 0) {
    return <p class="pane-note" data-testid="scroll-depth-empty">No page leaves here yet: scroll depth is measured when a visitor leaves the page.</p>;
  }
  return (
    <ol class="scroll-depth" data-testid="scroll-depth" aria-label={`Scroll depth of ${depth.visitors} visitors`}>
      {depth.buckets.map((b) => (
        <li key={b.depth} class="scroll-depth-row" data-testid="scroll-depth-row" data-depth={b.depth} data-share={b.share}>
          <span class="scroll-depth-label">{b.depth}%</span>
          <span class="scroll-depth-bar" style={{ width: `${Math.round(b.share * 100)}%` }} />
          <span class="scroll-depth-value">
            {Math.round(b.share * 100)}% <span class="muted">({b.visitors.toLocaleString()})</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
