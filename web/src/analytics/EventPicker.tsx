import { useEffect, useState } from 'preact/hooks';
import { eventNames } from './event-names';

interface Props {
  projectId: number;
  value: string;
  onChange: (event: string) => void;
  label: string;
  testId: string;
  /** Names not to offer (already picked). */
  exclude?: readonly string[];
}

/** A select of the project's event names; a name from a link that the list lacks is still shown. */
export function EventPicker({ projectId, value, onChange, label, testId, exclude = [] }: Props) {
  const [names, setNames] = useState<string[] | null>(null);
  useEffect(() => {
    let live = true;
    eventNames(projectId).then((n) => live && setNames(n), () => live && setNames([]));
    return () => {
      live = false;
    };
  }, [projectId]);

  const options = (names ?? []).filter((n) => n === value || !exclude.includes(n));
  if (value && !options.includes(value)) options.unshift(value);
  return (
    <select class="input event-picker" aria-label={label} data-testid={testId} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="" disabled={Boolean(value)}>
        {names === null ? 'Loading events…' : names.length ? 'Pick an event' : 'No events tracked yet'}
      </option>
      {options.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}
