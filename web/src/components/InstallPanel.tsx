import { useRef, useState } from 'preact/hooks';

interface Props {
  /** The install snippet filled in for the project; null while the SDK is not built on the server. */
  snippet: string | null;
}

type CopyState = 'idle' | 'copied' | 'manual';

/** The copy-paste install snippet, with a copy button. */
export function InstallPanel({ snippet }: Props) {
  const code = useRef<HTMLPreElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  const copySnippet = async () => {
    if (!snippet) return;
    try {
      // The Clipboard API needs a secure context (HTTPS or localhost).
      await navigator.clipboard.writeText(snippet);
      setCopy('copied');
    } catch {
      // Elsewhere: select the text, so one keystroke copies it.
      const selection = window.getSelection();
      const range = document.createRange();
      range.selectNodeContents(code.current!);
      selection?.removeAllRanges();
      selection?.addRange(range);
      setCopy('manual');
    }
  };

  return (
    <section class="settings-card" aria-labelledby="install-heading">
      <h2 id="install-heading">Install</h2>
      {snippet ? (
        <>
          <p class="muted settings-lead">
            Paste this into the <code>&lt;head&gt;</code> of every page of your site. It loads the SDK without slowing the page.
          </p>
          <pre class="settings-snippet" ref={code} data-testid="settings-snippet">
            {snippet}
          </pre>
          <div class="settings-actions">
            <button class="button" data-testid="settings-copy" type="button" onClick={() => void copySnippet()}>
              Copy snippet
            </button>
            <span class="settings-saved" role="status">
              {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'manual' ? 'Selected: press Ctrl+C (⌘C on a Mac) to copy.' : ''}
            </span>
          </div>
        </>
      ) : (
        <p class="settings-note" data-testid="settings-snippet">
          The SDK is not built on this server yet, so there is no snippet to show. Build it with <code>npm run build</code>.
        </p>
      )}
    </section>
  );
}
