// The coupons this center hands out. Shapes match what the shop expects back
// in extraData.coupon: {id, title, discount, minSpend}; amounts are in cents.

const SHOP_APPID = 'wxshop000000001'

const COUPONS = [
  {
    id: 'CC5',
    title: '¥5 off, no minimum',
    discount: 500,
    minSpend: 0,
    rules: ['One per order', 'Cannot be combined with flash sales']
  },
  {
    id: 'CC20',
    title: '¥20 off orders over ¥150',
    discount: 2000,
    minSpend: 15000,
    rules: ['One per order', 'Valid for 7 days after claiming']
  },
  {
    id: 'CC50',
    title: '¥50 off orders over ¥400',
    discount: 5000,
    minSpend: 40000,
    rules: ['One per order', 'Members only', 'Valid for 3 days after claiming']
  }
]

function formatYuan(cents) {
  return '¥' + (cents / 100).toFixed(2)
}

/** Copies of all coupons, each marked eligible for a cart of cartTotal cents. */
function withEligibility(cartTotal) {
  return COUPONS.map((c) => ({
    id: c.id,
    title: c.title,
    discount: c.discount,
    minSpend: c.minSpend,
    discountText: formatYuan(c.discount),
    eligible: cartTotal >= c.minSpend,
    used: false
  }))
}

function findCoupon(id) {
  return COUPONS.find((c) => c.id === id) || null
}

module.exports = {
  SHOP_APPID,
  COUPONS,
  formatYuan,
  withEligibility,
  findCoupon
}
