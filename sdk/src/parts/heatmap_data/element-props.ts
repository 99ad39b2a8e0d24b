// The properties mixpanel-browser 2.83's autocapture gives a click ($mp_click, $mp_rage_click,
// $mp_dead_click) when record_heatmap_data is on and autocapture is not: the clicked element and its
// ancestors up to <body> ($elements), the element the visitor meant ($target: the clicked element, or
// the link, button, input, select or role=button inside a shadow root that the click came from), the
// pointer's coordinates and the viewport and page sizes.
// Never any text: mixpanel's capture_text_content is off by default, and its text-bearing attributes
// (aria-label, title) are left out here, because Hindsight may be masking the text they repeat.
export type Props = Record<string, unknown>;

/** mixpanel's TRACKED_ATTRS less aria-label and title (text-bearing: README, Privacy). */
const ATTRS = ['aria-labelledby', 'aria-describedby', 'href', 'name', 'role', 'type'];
const POINTER = ['clientX', 'clientY', 'offsetX', 'offsetY', 'pageX', 'pageY', 'screenX', 'screenY', 'x', 'y'] as const;
/** An element (or ancestor) with one of these is not tracked at all / has no attributes sent (mixpanel's classes). */
const NO_TRACK = 'mp-no-track';
const SENSITIVE = [NO_TRACK, 'mp-sensitive'];
/** mixpanel's elementLooksSensitive: names and ids of card, password and national-id fields. */
const SENSITIVE_NAME = /^cc|cardnum|ccnum|creditcard|csc|cvc|cvv|exp|pass|pwd|routing|seccode|securitycode|securitynum|socialsec|socsec|ssn/i;
const CARD = /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9]{2})[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35[0-9]{3})[0-9]{11})$/;
const SSN = /^\d{3}-?\d{2}-?\d{4}$/;

const tag = (el: Element) => el.tagName.toLowerCase();

function classNames(el: Element): string[] {
  const name = el.getAttribute('class') || '';
  return name.split(' ');
}

/** A value that looks like a card or social security number is never sent (mixpanel's shouldTrackValue). */
export function safeValue(value: string | null): value is string {
  if (value == null) return false;
  const trimmed = value.trim();
  return !CARD.test(trimmed.replace(/[- ]/g, '')) && !SSN.test(trimmed);
}

/** Whether an element's attributes may be sent (mixpanel's shouldTrackElementDetails, without its allow lists). */
function detailsAllowed(el: Element): boolean {
  for (let at: Element | null = el; at && tag(at) !== 'body'; at = at.parentElement)
    if (classNames(at).some((c) => SENSITIVE.includes(c))) return false;
  if (classNames(el).includes('mp-include')) return true;
  if (/^(input|select|textarea)$/.test(tag(el)) || el.getAttribute('contenteditable') === 'true') return false;
  const type = (el as HTMLInputElement).type;
  if (typeof type === 'string' && /^(hidden|password)$/i.test(type)) return false;
  const name = String((el as HTMLInputElement).name || el.id || '');
  return !SENSITIVE_NAME.test(name.replace(/[^a-zA-Z0-9]/g, ''));
}

/**
 * A link's address as heatmaps need it: web addresses only, without query or fragment. Stricter than
 * mixpanel, which sends any href: mailto: and tel: links hold the very address the page masks, and
 * queries and fragments carry tokens and emails.
 */
export function safeHref(href: string | null): string | null {
  if (!safeValue(href)) return null;
  try {
    return /^https?:$/.test(new URL(href, location.href).protocol) ? href.replace(/[?#].*$/, '') : null;
  } catch {
    return null;
  }
}

export function elementProps(el: Element): Props {
  const props: Props = { $classes: classNames(el), $tag_name: tag(el) };
  if (el.id) props.$id = el.id;
  if (detailsAllowed(el))
    for (const attr of ATTRS) {
      const value = attr === 'href' ? safeHref(el.getAttribute(attr)) : el.getAttribute(attr);
      if (safeValue(value)) props[`$attr-${attr}`] = value;
    }
  let nthChild = 1;
  let nthOfType = 1;
  for (let at = el.previousElementSibling; at; at = at.previousElementSibling) {
    nthChild++;
    if (at.tagName === el.tagName) nthOfType++;
  }
  props.$nth_child = nthChild;
  props.$nth_of_type = nthOfType;
  return props;
}

/**
 * The element the visitor meant (mixpanel's guessRealClickTarget): the first link, button, input, select or
 * role=button on the composed path before the event's target. Outside shadow DOM the target comes first,
 * so it is the target; from a shadow root, whose host is the target, it is the control inside.
 */
function realTarget(event: MouseEvent, target: Element): Element {
  for (const node of event.composedPath()) {
    const el = node as Element;
    if (el.tagName && (/^(a|button|input|select)$/.test(tag(el)) || el.getAttribute('role') === 'button')) return el;
    if (node === target) break;
  }
  return target;
}

export function viewport(): { $viewportHeight: number; $viewportWidth: number } {
  const root = document.documentElement;
  return { $viewportHeight: Math.max(root.clientHeight, innerHeight || 0), $viewportWidth: Math.max(root.clientWidth, innerWidth || 0) };
}

/** A click's properties, or null where mixpanel sends nothing (an input that is not a button, mp-no-track). */
export function clickProps(event: MouseEvent): Props | null {
  let target = event.target as Node | null;
  if (target && target.nodeType === 3) target = target.parentNode;
  if (!target || target.nodeType !== 1) return null;
  const el = target as Element;
  const name = tag(el);
  // mixpanel sends clicks on anything but html, forms, fields that take text and selects.
  if (name === 'html' || name === 'form' || name === 'select' || name === 'textarea') return null;
  if (name === 'input' && !['button', 'submit'].includes(el.getAttribute('type') || '')) return null;
  const chain: Element[] = [el];
  for (let at = el; at.parentElement && tag(at) !== 'body'; at = at.parentElement) chain.push(at.parentElement);
  if (chain.some((at) => classNames(at).includes(NO_TRACK))) return null;
  const link = chain.find((at) => tag(at) === 'a');
  const href = link && detailsAllowed(link) && safeHref(link.getAttribute('href'));
  const props: Props = {
    $event_type: event.type,
    $host: location.host,
    $pathname: location.pathname,
    $elements: chain.map(elementProps),
    $el_attr__href: href || undefined,
    ...viewport(),
    $pageHeight: document.body?.offsetHeight || 0,
    $pageWidth: document.body?.offsetWidth || 0,
  };
  for (const key of POINTER) if (key in event) props[`$${key}`] = event[key];
  // Always: Hindsight has no autocapture of its own, so every click it sends is for heatmaps.
  props.$captured_for_heatmap = true;
  const real = realTarget(event, el);
  if (classNames(real).includes(NO_TRACK)) return null;
  const targetProps = elementProps(real);
  props.$target = targetProps;
  props.$el_classes = targetProps.$classes;
  if (targetProps.$id) props.$el_id = targetProps.$id;
  props.$el_tag_name = targetProps.$tag_name;
  props.$mp_autocapture = true;
  return props;
}
