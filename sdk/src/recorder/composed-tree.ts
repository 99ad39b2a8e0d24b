// The page as a visitor sees it: one tree, from text inside an open shadow root up through its host, and
// from an element inside a same-origin iframe up through the <iframe> element. Element.closest and CSS
// ancestor matching stop at those boundaries, so a mask or block class on an ancestor would otherwise
// miss what is inside them; every privacy check walks this tree instead.

const ELEMENT_NODE = 1;
const DOCUMENT_NODE = 9;
const DOCUMENT_FRAGMENT_NODE = 11;

export function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === ELEMENT_NODE;
}

/** The element a node hangs from: its parent, a shadow root's host, or a frame document's <iframe>. */
export function composedParent(node: Node): Element | null {
  const parent = node.parentNode;
  if (!parent) return null;
  if (parent.nodeType === ELEMENT_NODE) return parent as Element;
  if (parent.nodeType === DOCUMENT_FRAGMENT_NODE) return (parent as ShadowRoot).host || null;
  if (parent.nodeType === DOCUMENT_NODE) return frameElementOf(parent as Document);
  return null;
}

/** The element standing for any node: itself, a shadow root's host, a frame document's <iframe>, a text's parent. */
export function closestElement(node: Node): Element | null {
  if (isElement(node)) return node;
  if (node.nodeType === DOCUMENT_NODE) return frameElementOf(node as Document);
  if (node.nodeType === DOCUMENT_FRAGMENT_NODE) return (node as ShadowRoot).host || null;
  return composedParent(node);
}

function frameElementOf(doc: Document): Element | null {
  try {
    return doc.defaultView?.frameElement || null;
  } catch {
    // A cross-origin parent: the frame's own document is the top of what we can see.
    return null;
  }
}

/** Class names as strings match exactly; patterns are searched (a /g pattern keeps no state between checks). */
export function hasClass(element: Element, test: string | RegExp): boolean {
  const classes = element.classList;
  if (!classes) return false;
  for (let i = 0; i < classes.length; i++) {
    if (typeof test === 'string' ? classes[i] === test : classes[i].search(test) >= 0) return true;
  }
  return false;
}

/** Selectors are validated when the rules are built; an element that cannot be matched does not match. */
export function matches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}
