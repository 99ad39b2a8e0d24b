import type { EventsReport } from '@hindsight/types';
import { formatBucket, seriesColour, seriesLabel } from './chart-data';

interface Props {
  report: EventsReport;
  onCellClick: (seriesIndex: number, bucketIndex: number) => void;
}

/** The chart's numbers: a row per series, a column per bucket (newest first), each count a way to its replays. */
export function EventsTable({ report, onCellClick }: Props) {
  const columns = report.buckets.map((_, i) => i).reverse();
  return (
    <div class="table-scroll">
      <table class="data-table" data-testid="events-table">
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">Total</th>
            {columns.map((i) => (
              <th scope="col" key={i}>
                {formatBucket(report.buckets[i], report.interval)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.series.map((series, s) => (
            <tr key={s} data-testid="events-row" data-event={series.event} data-breakdown={series.breakdown ?? undefined}>
              <th scope="row">
                <span class="swatch" style={{ background: seriesColour(s) }} aria-hidden="true" />
                {seriesLabel(series)}
              </th>
              <td class="num">{series.total.toLocaleString()}</td>
              {columns.map((b) => (
                <td class="num" key={b}>
                  {series.values[b] ? (
                    <button
                      type="button"
                      class="cell-button"
                      data-testid="events-cell"
                      data-bucket={report.buckets[b]}
                      title="View Replays"
                      onClick={() => onCellClick(s, b)}
                    >
                      {series.values[b].toLocaleString()}
                    </button>
                  ) : (
                    <span class="muted">0</span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
