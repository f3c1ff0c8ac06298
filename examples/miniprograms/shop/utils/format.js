// Formatting helpers shared by pages. Prices are integers in cents everywhere
// in the shop; only the view layer sees formatted strings.

const DEFAULT_CURRENCY = '¥'

/**
 * formatPrice(1290) === '¥12.90'; formatPrice(-500) === '-¥5.00'.
 * Non-numeric input formats as '--' so that a broken product never shows NaN.
 */
export function formatPrice(cents, currency = DEFAULT_CURRENCY) {
  if (typeof cents !== 'number' || !Number.isFinite(cents)) {
    return '--'
  }
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(Math.round(cents))
  const yuan = Math.floor(abs / 100)
  const fen = abs % 100
  return `${sign}${currency}${thousands(yuan)}.${pad2(fen)}`
}

/** thousands(1234567) === '1,234,567' */
export function thousands(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** pad2(7) === '07' */
export function pad2(n) {
  return n < 10 ? '0' + n : String(n)
}

/** formatCountdown(75) === '01:15'; negative values clamp to '00:00'. */
export function formatCountdown(seconds) {
  const s = Math.max(0, Math.floor(seconds))
  return `${pad2(Math.floor(s / 60))}:${pad2(s % 60)}`
}

/** Badge text for tab bars and icons: 0 → '', 5 → '5', 150 → '99+'. */
export function badgeText(count) {
  if (!count) return ''
  return count > 99 ? '99+' : String(count)
}

/** A discount as shown on a product card: (1990, 2990) → '33% off'. */
export function discountLabel(price, originalPrice) {
  if (!originalPrice || originalPrice <= price) return ''
  const pct = Math.round(((originalPrice - price) / originalPrice) * 100)
  return `${pct}% off`
}

/**
 * buildQuery({id: 3, name: 'Café & Co'}) === 'id=3&name=Caf%C3%A9%20%26%20Co'.
 * Null and undefined values are skipped.
 */
export function buildQuery(params = {}) {
  return Object.keys(params)
    .filter((key) => params[key] !== undefined && params[key] !== null)
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(params[key])}`)
    .join('&')
}

/** withQuery('/pages/detail/detail', {id: 1}) === '/pages/detail/detail?id=1' */
export function withQuery(path, params) {
  const qs = buildQuery(params)
  return qs ? `${path}?${qs}` : path
}

/** Shortens long titles for narrow cards, adding an ellipsis. */
export function ellipsis(text, max = 16) {
  const str = String(text ?? '')
  return str.length > max ? str.slice(0, max - 1) + '…' : str
}

export default {
  formatPrice,
  thousands,
  pad2,
  formatCountdown,
  badgeText,
  discountLabel,
  buildQuery,
  withQuery,
  ellipsis
}
