// Canned backend data used by services/api.js until the shop talks to a real
// server. All prices are in cents.

const products = [
  {
    id: 1,
    name: 'Café Mug & Saucer',
    price: 3900,
    originalPrice: 5900,
    stock: 12,
    tags: ['kitchen', 'new'],
    description: 'A 350 ml porcelain mug with a matching saucer.'
  },
  {
    id: 2,
    name: 'Pour-over Kettle',
    price: 12900,
    originalPrice: 12900,
    stock: 4,
    tags: ['kitchen'],
    description: 'Gooseneck kettle with a built-in thermometer.'
  },
  {
    id: 3,
    name: 'Single-origin Beans 250g',
    price: 6800,
    originalPrice: 7800,
    stock: 30,
    tags: ['coffee', 'flash-sale'],
    description: 'Washed Yirgacheffe, roasted last week.'
  },
  {
    id: 4,
    name: 'Paper Filters ×100',
    price: 1500,
    originalPrice: 1500,
    stock: 0,
    tags: ['coffee'],
    description: 'Unbleached cone filters, size 02.'
  }
]

// Stock changes between the feed request and the stock request: the home page
// patches the first product with a path key ('products[0].stock').
const liveStock = { 1: 3, 2: 4, 3: 27, 4: 0 }

const banner = {
  title: 'Autumn Coffee Week',
  subtitle: 'Up to 35% off brewing gear',
  link: '/pages/detail/detail?id=3'
}

const coupons = [
  { id: 'C10', title: '¥10 off orders over ¥99', minSpend: 9900, discount: 1000, expiresInDays: 7 },
  { id: 'C25', title: '¥25 off orders over ¥199', minSpend: 19900, discount: 2500, expiresInDays: 3 },
  { id: 'FREESHIP', title: 'Free shipping', minSpend: 0, discount: 800, expiresInDays: 30 }
]

module.exports = {
  products,
  liveStock,
  banner,
  coupons
}
