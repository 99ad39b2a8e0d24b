/** How copying went: to the clipboard, or (outside a secure context) selected for the user to copy. */
export type CopyOutcome = 'copied' | 'manual';

/**
 * Copies the text; where the Clipboard API is refused (it needs HTTPS or localhost), selects the element
 * holding it instead, so one keystroke copies it.
 */
export async function copyText(text: string, holder: HTMLElement): Promise<CopyOutcome> {
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(holder);
    selection?.removeAllRanges();
    selection?.addRange(range);
    return 'manual';
  }
}
