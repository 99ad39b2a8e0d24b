// Fields whose values are masked whatever the site's options say: secrets and personal data by nature.
// These rules win over every unmask option. The README lists them for sites and reviewers; keep both
// in step.

/** Input types whose values are never recorded. */
export const ALWAYS_MASKED_TYPES = ['password', 'email', 'tel', 'hidden'];

/**
 * Autofill field names (the HTML standard's autocomplete tokens) that describe a person, their
 * address, card or credentials: a field carrying one is masked.
 */
export const PERSONAL_AUTOCOMPLETE = [
  'name', 'honorific-prefix', 'given-name', 'additional-name', 'family-name', 'honorific-suffix', 'nickname',
  'username', 'new-password', 'current-password', 'one-time-code',
  'organization-title', 'organization',
  'street-address', 'address-line1', 'address-line2', 'address-line3',
  'address-level4', 'address-level3', 'address-level2', 'address-level1', 'country', 'country-name', 'postal-code',
  'cc-name', 'cc-given-name', 'cc-additional-name', 'cc-family-name', 'cc-number', 'cc-exp', 'cc-exp-month',
  'cc-exp-year', 'cc-csc', 'cc-type',
  'bday', 'bday-day', 'bday-month', 'bday-year', 'sex', 'url', 'photo',
  'tel', 'tel-country-code', 'tel-national', 'tel-area-code', 'tel-local', 'tel-local-prefix', 'tel-local-suffix',
  'tel-extension', 'email', 'impp',
];

/**
 * The only autocomplete tokens that do not mask: "off", the standard's field names that describe no
 * person, and the modifiers that merely qualify a field name. "on" (the browser may fill in anything it
 * remembers) and tokens the standard does not define mask, as they do in mixpanel-browser.
 */
const NOT_PERSONAL_AUTOCOMPLETE = [
  'off', 'language', 'transaction-currency', 'transaction-amount',
  'shipping', 'billing', 'home', 'work', 'mobile', 'fax', 'pager', 'webauthn',
];

function personalAutocomplete(value: string): boolean {
  return value.toLowerCase().split(/\s+/).some((token) =>
    !!token && (PERSONAL_AUTOCOMPLETE.indexOf(token) >= 0 ||
      (NOT_PERSONAL_AUTOCOMPLETE.indexOf(token) < 0 && token.indexOf('section-') !== 0)));
}

/**
 * Words that name a secret on their own, tested against each word of a field's name and id ("cc-exp",
 * "cardCvv2", "user_ssn"): card codes and expiry, national ids, PINs, one-time codes, passwords.
 * Whole words only, so "export", "express", "accent" or "passenger" stay readable.
 */
const SECRET_WORD = /^(cc|ccv|cvv|cvc|csc|cvn|cid|exp|expiry|ssn|sin|nin|nino|tin|pan|dni|nif|cpf|pin|otp|totp|pass|pwd|iban)\d*$|^ssn|ssn\d*$|pass\d*$/;

/** Fragments that name a secret wherever they appear in the name with its separators removed. */
const SECRET_FRAGMENT = new RegExp([
  // card numbers, holders, codes and expiry
  'cardnum', 'cardno', 'cardholder', 'cardsec', 'cardverif', 'cardcode', 'cardexp', 'creditcard', 'debitcard',
  'ccnum', 'ccno', 'ccexp', 'ccname', 'cvv', 'cvc', 'csc', 'securitycode', 'seccode', 'securitynum',
  'expiry', 'expiration', 'expdate', 'expmonth', 'expyear',
  // bank accounts
  'iban', 'routing', 'accountnum', 'accountno', 'acctnum', 'acctno', 'bankaccount', 'sortcode',
  // national and official ids
  'socialsec', 'socsec', 'nationalid', 'nationalinsurance', 'nationalnumber', 'personalid', 'personnummer',
  'taxid', 'taxnumber', 'taxpayer', 'passport', 'driverlicen', 'driverslicen', 'licensenumber', 'licencenumber',
  'idnumber', 'idcard', 'aadhaar',
  // credentials
  'password', 'passwd', 'passphrase', 'passcode', 'passwort', 'pwd', 'pincode', 'secret', 'onetimecode',
  'verificationcode', 'authcode', 'mfacode', 'twofactor',
].join('|'));

/** The words of a name: "cardNumber_2" → ["card", "number", "2"]. */
function words(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

export function looksSensitive(name: string): boolean {
  const parts = words(name);
  return parts.some((word) => SECRET_WORD.test(word)) || SECRET_FRAGMENT.test(parts.join(''));
}

/** Whether this field's value is masked whatever the options say. */
export function isAlwaysMasked(field: Element): boolean {
  const type = (field.getAttribute('type') || '').toLowerCase();
  if (field.localName === 'input' && ALWAYS_MASKED_TYPES.indexOf(type) >= 0) return true;
  // rrweb marks an input that was a password field before a script changed its type ("show password").
  if (field.hasAttribute('data-rr-is-password')) return true;
  const autocomplete = field.getAttribute('autocomplete');
  if (autocomplete && personalAutocomplete(autocomplete)) return true;
  return looksSensitive(field.getAttribute('name') || '') || looksSensitive(field.id || '');
}
