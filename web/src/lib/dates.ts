// The feed's date filter: <input type=date> values (YYYY-MM-DD, the user's local calendar) to the
// API's from/to milliseconds. `to` is exclusive, so a "to" day is included up to its last moment.

export interface DateRange {
  from?: number;
  to?: number;
}

/** Local midnight at the start of a YYYY-MM-DD day, or undefined when the value is empty or malformed. */
export function startOfDay(value: string, addDays = 0): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(year, month, day + addDays);
  // new Date rolls 2024-02-31 over into March; a day that does not exist is no filter at all.
  const check = new Date(year, month, day);
  if (check.getFullYear() !== year || check.getMonth() !== month || check.getDate() !== day) return undefined;
  return date.getTime();
}

/** from = the start of the from day; to = the start of the day after the to day (exclusive). */
export function dateRange(fromDate: string, toDate: string): DateRange {
  const range: DateRange = {};
  const from = startOfDay(fromDate);
  const to = startOfDay(toDate, 1);
  if (from !== undefined) range.from = from;
  if (to !== undefined) range.to = to;
  return range;
}
