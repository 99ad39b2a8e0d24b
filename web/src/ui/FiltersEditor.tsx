import { useEffect, useState } from 'preact/hooks';
import type { PropertyFilter, PropertyFilterOp } from '@hindsight/types';
import { FILTER_OPS, MAX_FILTERS, opTakesValue } from '../analytics/url-state';

interface Props {
  filters: PropertyFilter[];
  onChange: (filters: PropertyFilter[]) => void;
  testId?: string;
}

const OP_LABELS: Record<PropertyFilterOp, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  not_contains: 'does not contain',
  is_set: 'is set',
  is_not_set: 'is not set',
  greater_than: 'greater than',
  less_than: 'less than',
};

/**
 * Property filters, each "property op value". A value typed as a number is sent as one for the
 * comparisons, so "greater than 10" compares numbers rather than text. A row still being filled in (no
 * property yet) stays here; only complete filters go out, to the URL and the query.
 */
export function FiltersEditor({ filters, onChange, testId = 'filters' }: Props) {
  const [rows, setRows] = useState<PropertyFilter[]>(filters);
  const given = JSON.stringify(filters);
  useEffect(() => {
    // The URL changed under us (back button, another link): it wins over the rows being edited.
    if (JSON.stringify(completeFilters(rows)) !== given) setRows(filters);
  }, [given]);

  const commit = (next: PropertyFilter[]) => {
    setRows(next);
    const complete = completeFilters(next);
    if (JSON.stringify(complete) !== given) onChange(complete);
  };
  const update = (index: number, change: Partial<PropertyFilter>) => commit(rows.map((f, i) => (i === index ? normalise({ ...f, ...change }) : f)));

  return (
    <div class="filters" data-testid={testId}>
      {rows.map((filter, index) => (
        <div class="filter" key={index} data-testid="filter">
          <input
            class="input filter-property"
            aria-label="Property"
            placeholder="property"
            value={filter.property}
            onChange={(e) => update(index, { property: e.currentTarget.value.trim() })}
          />
          <select class="input" aria-label="Operator" value={filter.op} onChange={(e) => update(index, { op: e.currentTarget.value as PropertyFilterOp })}>
            {FILTER_OPS.map((op) => (
              <option key={op} value={op}>
                {OP_LABELS[op]}
              </option>
            ))}
          </select>
          {opTakesValue(filter.op) && (
            <input
              class="input filter-value"
              aria-label="Value"
              placeholder="value"
              value={filter.value === undefined ? '' : String(filter.value)}
              onChange={(e) => update(index, { value: e.currentTarget.value })}
            />
          )}
          <button class="icon-button" type="button" aria-label="Remove filter" onClick={() => commit(rows.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
      {rows.length < MAX_FILTERS && (
        <button
          class="button button-quiet"
          type="button"
          data-testid={`${testId}-add`}
          onClick={() => setRows([...rows, { property: '', op: 'equals', value: '' }])}
        >
          + Filter
        </button>
      )}
    </div>
  );
}

function normalise(filter: PropertyFilter): PropertyFilter {
  if (!opTakesValue(filter.op)) return { property: filter.property, op: filter.op };
  const raw = filter.value === undefined ? '' : String(filter.value);
  const numeric = (filter.op === 'greater_than' || filter.op === 'less_than') && raw.trim() !== '' && Number.isFinite(Number(raw));
  return { property: filter.property, op: filter.op, value: numeric ? Number(raw) : raw };
}

/** Filters ready to send: those with a property (a row being typed has none yet). */
export function completeFilters(filters: readonly PropertyFilter[]): PropertyFilter[] {
  return filters.filter((f) => f.property.trim() !== '');
}
