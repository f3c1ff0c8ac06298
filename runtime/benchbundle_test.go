package runtime_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// This file generates the synthetic but realistic mini program the start-up
// benchmarks run: ES-module utils (formatting helpers, a store class, a fake
// API client with async functions, large constant tables, feature modules),
// ten or more pages that use setData with path keys, and a home page with a
// sizeable data object. The output depends only on the arguments.

// genRand is a small deterministic generator (a 64-bit LCG), so that the
// bundle is identical on every run and every machine.
type genRand struct{ s uint64 }

func (r *genRand) next() uint64 {
	r.s = r.s*6364136223846793005 + 1442695040888963407
	return r.s >> 33
}

func (r *genRand) intn(n int) int { return int(r.next() % uint64(n)) }

var genSyllables = []string{"an", "bei", "chen", "da", "feng", "gu", "hai", "jin", "kang", "lin", "ming", "ning", "ping", "qing", "rui", "shan", "tai", "wen", "xi", "yang", "zhou", "yun", "hua", "long"}

func (r *genRand) word(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		s := genSyllables[r.intn(len(genSyllables))]
		if i == 0 {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		b.WriteString(s)
	}
	return b.String()
}

// genPageNames are the routes of the generated pages, tab pages first.
var genPageNames = []string{"index", "category", "cart", "mine", "detail", "search", "orders", "address", "coupons", "settings", "review", "points", "service", "messages", "favorites", "history"}

// genPageRoute returns the route of generated page i.
func genPageRoute(i int) string {
	name := fmt.Sprintf("extra%02d", i)
	if i < len(genPageNames) {
		name = genPageNames[i]
	}
	return "pages/" + name + "/" + name
}

// genBundle returns a mini program of pages pages (at least 10) whose
// JavaScript totals about targetBytes (at least the fixed part and the
// smallest tables, ~65 KB).
func genBundle(tb testing.TB, pages int, targetBytes int) fstest.MapFS {
	tb.Helper()
	if pages < 10 {
		tb.Fatalf("genBundle: pages = %d, want at least 10", pages)
	}
	rnd := &genRand{s: 20260101}
	fsys := fstest.MapFS{}
	put := func(name, content string) { fsys[name] = &fstest.MapFile{Data: []byte(content)} }

	routes := make([]string, pages)
	for i := range routes {
		routes[i] = genPageRoute(i)
	}
	tabs := []map[string]any{}
	for i, text := range []string{"Home", "Category", "Cart", "Me"} {
		tabs = append(tabs, map[string]any{"pagePath": routes[i], "text": text})
	}
	appJSON, err := json.MarshalIndent(map[string]any{
		"pages":  routes,
		"window": map[string]any{"navigationBarTitleText": "Bench Mall", "navigationBarBackgroundColor": "#ffffff", "backgroundColor": "#f5f5f5"},
		"tabBar": map[string]any{"color": "#999999", "selectedColor": "#e4393c", "list": tabs},
		"style":  "v2",
	}, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	put("app.json", string(appJSON))
	put("utils/format.js", genFormatJS)
	put("utils/store.js", genStoreJS)
	put("utils/api.js", genApiJS)
	put("utils/bus.js", genBusJS)
	put("app.js", genAppJS)
	put("pages/index/index.js", genIndexPage(rnd))
	for i := 1; i < pages; i++ {
		put(routes[i]+".js", genPage(i, routes[i], routes))
		put(routes[i]+".json", `{"usingComponents": {}}`)
	}
	put("pages/index/index.json", `{"usingComponents": {}, "enablePullDownRefresh": true}`)

	size := func() int {
		n := 0
		for name, f := range fsys {
			if strings.HasSuffix(name, ".js") {
				n += len(f.Data)
			}
		}
		return n
	}
	// What is left of the budget goes to tables (45%) and feature modules.
	rest := targetBytes - size()
	if rest < 0 {
		rest = 0
	}
	put("utils/regions.js", genRegions(rnd, rest*25/100))
	put("utils/catalog.js", genCatalog(rnd, rest*12/100))
	put("utils/i18n.js", genI18n(rnd, rest*8/100))
	var features []string
	for i := 0; size() < targetBytes || i < 2; i++ {
		name := fmt.Sprintf("f%02d", i)
		put("utils/features/"+name+".js", genFeature(rnd, i))
		features = append(features, name)
	}
	var idx strings.Builder
	idx.WriteString("// Registry of feature modules, built at start-up.\n")
	for _, f := range features {
		fmt.Fprintf(&idx, "import * as %s from './%s';\n", f, f)
	}
	idx.WriteString("export const features = {\n")
	for _, f := range features {
		fmt.Fprintf(&idx, "  %s,\n", f)
	}
	idx.WriteString("};\nexport function initFeatures(ctx) {\n  const out = [];\n  for (const [name, mod] of Object.entries(features)) {\n    out.push({ name, ...mod.init(ctx) });\n  }\n  return out;\n}\n")
	put("utils/features/index.js", idx.String())
	return fsys
}

// genJSBytes reports the total size of the JavaScript files of fsys.
func genJSBytes(fsys fstest.MapFS) (n, files int) {
	for name, f := range fsys {
		if strings.HasSuffix(name, ".js") {
			n += len(f.Data)
			files++
		}
	}
	return n, files
}

func genRegions(rnd *genRand, budget int) string {
	var b strings.Builder
	b.WriteString("// Provinces, cities and districts with postal codes, for the address picker.\nexport const REGIONS = [\n")
	for p := 0; b.Len() < budget || p < 3; p++ {
		fmt.Fprintf(&b, "  { code: '%02d0000', name: '%s', cities: [\n", 11+p, rnd.word(2))
		for c := 0; c < 4+rnd.intn(4); c++ {
			fmt.Fprintf(&b, "    { code: '%02d%02d00', name: '%s', districts: [", 11+p, c+1, rnd.word(2))
			for d := 0; d < 3+rnd.intn(5); d++ {
				if d > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "{ code: '%02d%02d%02d', name: '%s', zip: '%06d' }", 11+p, c+1, d+1, rnd.word(2), 100000+rnd.intn(800000))
			}
			b.WriteString("] },\n")
		}
		b.WriteString("  ] },\n")
	}
	b.WriteString(`];

const byCode = new Map();
for (const p of REGIONS) {
  byCode.set(p.code, p);
  for (const c of p.cities) {
    byCode.set(c.code, c);
    for (const d of c.districts) byCode.set(d.code, d);
  }
}

export function findRegion(code) {
  return byCode.get(String(code)) ?? null;
}

export function regionPath(code) {
  const s = String(code);
  const names = [];
  for (const prefix of [s.slice(0, 2) + '0000', s.slice(0, 4) + '00', s]) {
    const r = byCode.get(prefix);
    if (r && !names.includes(r.name)) names.push(r.name);
  }
  return names.join(' / ');
}
`)
	return b.String()
}

func genCatalog(rnd *genRand, budget int) string {
	var b strings.Builder
	b.WriteString("// Product catalogue used by the fake API client.\nexport const PRODUCTS = [\n")
	tags := []string{"new", "hot", "sale", "gift", "import", "organic", "limited"}
	for i := 1; b.Len() < budget || i < 40; i++ {
		fmt.Fprintf(&b, "  { id: %d, sku: 'SKU-%06d', name: '%s %s', price: %d, originalPrice: %d, stock: %d, sales: %d, rating: %d.%d, category: %d, tags: ['%s', '%s'], desc: '%s %s %s.' },\n",
			i, rnd.intn(999999), rnd.word(2), rnd.word(1), 100+rnd.intn(50000), 50000+rnd.intn(20000), rnd.intn(200), rnd.intn(10000), 3+rnd.intn(2), rnd.intn(10), 1+rnd.intn(20),
			tags[rnd.intn(len(tags))], tags[rnd.intn(len(tags))], rnd.word(3), rnd.word(2), rnd.word(4))
	}
	b.WriteString(`];

export const CATEGORIES = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: 'Category ' + (i + 1) }));

export function productsOf(category) {
  return PRODUCTS.filter((p) => p.category === category);
}

export function productById(id) {
  return PRODUCTS.find((p) => p.id === Number(id));
}
`)
	return b.String()
}

func genI18n(rnd *genRand, budget int) string {
	var b strings.Builder
	b.WriteString("// UI strings in two languages.\nexport const MESSAGES = {\n")
	for i := 0; b.Len() < budget || i < 10; i++ {
		fmt.Fprintf(&b, "  'msg.%s.%d': { en: '%s %s {n}', zh: '%s %s' },\n", strings.ToLower(rnd.word(1)), i, rnd.word(2), rnd.word(3), rnd.word(2), rnd.word(2))
	}
	b.WriteString(`};

export function t(key, lang = 'en', params = {}) {
  const entry = MESSAGES[key];
  const text = entry?.[lang] ?? entry?.en ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));
}
`)
	return b.String()
}

// genFeature writes one feature module (~5 KB): a class with methods, some
// helpers, a rules table and an init function run at start-up.
func genFeature(rnd *genRand, i int) string {
	var b strings.Builder
	name := rnd.word(2)
	fmt.Fprintf(&b, `// Feature %d: %s promotions and their eligibility rules.
import { formatPrice, clamp } from '../format';

const RULES = [
`, i, name)
	for r := 0; r < 30; r++ {
		fmt.Fprintf(&b, "  { id: '%s-%d', minAmount: %d, discount: %d, stackable: %t, channels: ['app', '%s'], label: '%s' },\n",
			strings.ToLower(name), r, rnd.intn(30000), rnd.intn(5000), rnd.intn(2) == 0, strings.ToLower(rnd.word(1)), rnd.word(3))
	}
	fmt.Fprintf(&b, `];

export class Promotion%d {
  constructor(rules = RULES, options = {}) {
    this.rules = rules.slice();
    this.currency = options.currency ?? 'CNY';
    this.cache = new Map();
    this.hits = 0;
  }

  eligible(amount, channel = 'app') {
    const key = amount + ':' + channel;
    if (this.cache.has(key)) {
      this.hits++;
      return this.cache.get(key);
    }
    const list = this.rules.filter((r) => amount >= r.minAmount && r.channels.includes(channel));
    this.cache.set(key, list);
    return list;
  }

  best(amount, channel) {
    let best = null;
    for (const r of this.eligible(amount, channel)) {
      if (!best || r.discount > best.discount) best = r;
    }
    return best;
  }

  apply(amount, channel) {
    const stackable = this.eligible(amount, channel).filter((r) => r.stackable);
    const total = stackable.reduce((s, r) => s + r.discount, 0) + (this.best(amount, channel)?.discount ?? 0);
    return clamp(amount - total, 0, amount);
  }

  describe(amount, channel) {
    const r = this.best(amount, channel);
    return r ? r.label + ' -' + formatPrice(r.discount) : '';
  }

  get size() {
    return this.rules.length;
  }
}

export function summarize%d(items) {
  const byChannel = {};
  for (const it of items ?? []) {
    const ch = it?.channel ?? 'app';
    byChannel[ch] = (byChannel[ch] ?? 0) + (it.amount | 0);
  }
  return Object.entries(byChannel)
    .map(([channel, amount]) => ({ channel, amount, text: formatPrice(amount) }))
    .sort((a, b) => b.amount - a.amount);
}

export async function refresh%d(api, userId) {
  const res = await api.get('/promotions/%d', { userId });
  return res?.data?.items?.length ?? 0;
}

export function init(ctx) {
  const p = new Promotion%d(RULES, { currency: ctx?.currency });
  const sample = [1000, 5000, 20000].map((a) => p.apply(a, 'app'));
  return { rules: p.size, sample };
}
`, i, i, i, i, i)
	return b.String()
}

func genIndexPage(rnd *genRand) string {
	var b strings.Builder
	b.WriteString(`import { formatPrice, formatDate, formatCount } from '../../utils/format';
import { api } from '../../utils/api';
import { bus } from '../../utils/bus';

const app = getApp();

Page({
  data: {
    loading: true,
    greeting: '',
    user: { nickName: '', avatar: '', level: 0, points: 0 },
    notice: { text: '', visible: false, link: '' },
    counters: { c0: 0, c1: 0, c2: 0, c3: 0, c4: 0, c5: 0, c6: 0, c7: 0 },
    banners: [
`)
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&b, "      { id: %d, image: 'https://cdn.example.com/banner/%d.jpg', title: '%s', link: '/pages/detail/detail?id=%d' },\n", i, i, rnd.word(3), i+1)
	}
	b.WriteString("    ],\n    grid: [\n")
	for i := 0; i < 16; i++ {
		fmt.Fprintf(&b, "      { id: %d, icon: '/images/grid/%d.png', text: '%s', badge: %d },\n", i, i, rnd.word(2), rnd.intn(3))
	}
	b.WriteString("    ],\n    products: [\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "      { id: %d, name: '%s %s', price: %d, priceText: '', stock: %d, tags: ['%s'], cover: 'https://cdn.example.com/p/%d.jpg', sold: %d, selected: false },\n",
			i+1, rnd.word(2), rnd.word(1), 100+rnd.intn(30000), rnd.intn(100), strings.ToLower(rnd.word(1)), i+1, rnd.intn(5000))
	}
	b.WriteString(`    ],
    tabs: ['Recommended', 'New', 'Deals', 'Nearby'],
    activeTab: 0,
  },

  onLoad(query) {
    const user = app.globalData.user;
    this.setData({
      greeting: 'Welcome to ' + app.globalData.appName,
      'user.nickName': user?.nickName ?? 'Guest',
      'user.level': user?.level ?? 0,
      'notice.text': query?.notice ?? 'Free shipping over ' + formatPrice(9900),
      'notice.visible': true,
      'products[0].selected': true,
    });
    const priced = {};
    this.data.products.slice(0, 12).forEach((p, i) => {
      priced['products[' + i + '].priceText'] = formatPrice(p.price);
    });
    this.setData(priced);
    this.offLogin = bus.on('login', (u) => this.setData({ 'user.nickName': u.nickName, 'user.points': u.points }));
    this.loadFeed();
  },

  onShow() {
    this.setData({ 'counters.c0': this.data.counters.c0 + 1 });
  },

  onReady() {
    this.setData({ loading: false, 'notice.link': '/pages/coupons/coupons' });
  },

  onUnload() {
    this.offLogin?.();
  },

  async loadFeed() {
    const res = await api.get('/feed', { tab: this.data.activeTab, page: 1 });
    const items = res.data.items.map((p) => ({ ...p, priceText: formatPrice(p.price), soldText: formatCount(p.sales) }));
    this.setData({ feed: items, 'notice.text': 'Updated ' + formatDate(Date.now(), 'HH:mm') });
  },

  // bumpMany is used by BenchmarkSetData: n setData calls with path keys.
  bumpMany(n) {
    for (let i = 0; i < n; i++) {
      this.setData({ ['counters.c' + (i & 7)]: i, 'products[3].stock': i & 255 });
    }
    return this.data.counters.c0;
  },

  onTabChange(e) {
    this.setData({ activeTab: e.detail.index ?? 0 });
    return this.loadFeed();
  },

  onPullDownRefresh() {
    return this.loadFeed();
  },
});
`)
	return b.String()
}

func genPage(i int, route string, routes []string) string {
	next := routes[(i+1)%len(routes)]
	name := route[strings.LastIndex(route, "/")+1:]
	return fmt.Sprintf(`import { formatPrice, formatDate, debounce } from '../../utils/format';
import { api } from '../../utils/api';
import { t } from '../../utils/i18n';
import { regionPath } from '../../utils/regions';

const PAGE_SIZE = 20;

Page({
  data: {
    title: '',
    loading: true,
    error: '',
    query: {},
    filter: { keyword: '', sort: 'default', onlyStock: false },
    pager: { page: 1, size: PAGE_SIZE, total: 0, done: false },
    list: [],
    summary: { count: 0, amountText: '', region: '' },
  },

  onLoad(query) {
    this.setData({
      title: '%s',
      query,
      'filter.keyword': query.q ?? '',
      'filter.sort': query.sort || 'default',
      'pager.page': 1,
      'summary.region': regionPath(query.region ?? '110101'),
    });
    this.search = debounce((kw) => this.reload(kw), 300);
    this.load(1);
  },

  onShow() {
    this.setData({ 'summary.count': this.data.list.length });
  },

  onReady() {},

  async load(page) {
    try {
      const res = await api.get('/%s/list', { page, size: PAGE_SIZE, sort: this.data.filter.sort });
      const rows = res.data.items.map((it) => ({
        id: it.id,
        name: it.name,
        priceText: formatPrice(it.price),
        date: formatDate(it.updatedAt, 'YYYY-MM-DD'),
        inStock: it.stock > 0,
      }));
      const patch = { loading: false, 'pager.page': page, 'pager.total': res.data.total, 'pager.done': rows.length < PAGE_SIZE };
      rows.forEach((row, k) => {
        patch['list[' + ((page - 1) * PAGE_SIZE + k) + ']'] = row;
      });
      patch['summary.amountText'] = formatPrice(rows.reduce((s, r) => s + (r.inStock ? 1 : 0), 0) * 100);
      this.setData(patch);
    } catch (err) {
      this.setData({ loading: false, error: t('msg.error', 'en', { n: err?.message ?? String(err) }) });
    }
  },

  reload(keyword) {
    this.setData({ 'filter.keyword': keyword, list: [], 'pager.page': 1 });
    return this.load(1);
  },

  onReachBottom() {
    if (!this.data.pager.done) this.load(this.data.pager.page + 1);
  },

  onInput(e) {
    this.search(e.detail.value);
  },

  onTapNext() {
    wx.navigateTo({ url: '/%s?from=%s' });
  },
});
`, name, name, next, name)
}

const genFormatJS = `// Formatting helpers shared by every page.
const pad = (n, w = 2) => String(n).padStart(w, '0');

export function formatPrice(cents, { symbol = '¥', decimals = 2 } = {}) {
  const value = Number(cents ?? 0) / 100;
  const [int, frac] = value.toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return symbol + (frac ? grouped + '.' + frac : grouped);
}

export function formatDate(input, layout = 'YYYY-MM-DD HH:mm') {
  const d = input instanceof Date ? input : new Date(input ?? 0);
  const parts = {
    YYYY: d.getFullYear(),
    MM: pad(d.getMonth() + 1),
    DD: pad(d.getDate()),
    HH: pad(d.getHours()),
    mm: pad(d.getMinutes()),
    ss: pad(d.getSeconds()),
  };
  return layout.replace(/YYYY|MM|DD|HH|mm|ss/g, (k) => String(parts[k]));
}

export function formatCount(n) {
  if (n >= 1e8) return (n / 1e8).toFixed(1) + '亿';
  if (n >= 1e4) return (n / 1e4).toFixed(1) + '万';
  return String(n);
}

export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return pad(Math.floor(s / 3600)) + ':' + pad(Math.floor((s % 3600) / 60)) + ':' + pad(s % 60);
}

export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

export function debounce(fn, wait) {
  let timer = null;
  return function (...args) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn.apply(this, args);
    }, wait);
  };
}

export function parseQuery(qs) {
  const out = {};
  for (const part of String(qs ?? '').split('&')) {
    if (!part) continue;
    const [k, v = ''] = part.split('=');
    out[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return out;
}

export function buildQuery(obj) {
  return Object.keys(obj ?? {})
    .filter((k) => obj[k] !== undefined && obj[k] !== null)
    .map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(obj[k]))
    .join('&');
}

export function deepClone(v) {
  if (Array.isArray(v)) return v.map(deepClone);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepClone(x);
    return out;
  }
  return v;
}
`

const genStoreJS = `// A small observable store for app-wide state (user, cart, settings).
import { deepClone } from './format';

export class Store {
  constructor(initial = {}) {
    this.state = deepClone(initial);
    this.listeners = new Set();
    this.version = 0;
  }

  get(path) {
    return String(path)
      .split('.')
      .reduce((o, k) => o?.[k], this.state);
  }

  set(path, value) {
    const keys = String(path).split('.');
    let cur = this.state;
    for (const k of keys.slice(0, -1)) {
      cur[k] = cur[k] ?? {};
      cur = cur[k];
    }
    cur[keys[keys.length - 1]] = value;
    this.version++;
    this.emit(path, value);
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(path, value) {
    for (const fn of this.listeners) {
      try {
        fn(path, value, this.version);
      } catch (err) {
        console.error('store listener failed', err?.message);
      }
    }
  }
}

export class CartStore extends Store {
  constructor() {
    super({ items: [], total: 0 });
  }

  add(product, count = 1) {
    const items = this.state.items;
    const found = items.find((it) => it.id === product.id);
    if (found) found.count += count;
    else items.push({ id: product.id, price: product.price, count });
    this.set('total', items.reduce((s, it) => s + it.price * it.count, 0));
  }

  get count() {
    return this.state.items.reduce((s, it) => s + it.count, 0);
  }
}
`

const genApiJS = `// A fake API client: answers from local tables after a simulated delay.
import { PRODUCTS, productById } from './catalog';
import { buildQuery } from './format';

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export class ApiClient {
  constructor({ baseURL = 'https://api.example.com', latency = 30 } = {}) {
    this.baseURL = baseURL;
    this.latency = latency;
    this.token = '';
    this.requests = 0;
  }

  async request(method, path, params = {}) {
    this.requests++;
    const url = this.baseURL + path + (Object.keys(params).length ? '?' + buildQuery(params) : '');
    await delay(this.latency);
    return { status: 200, url, data: this.route(method, path, params) };
  }

  route(method, path, params) {
    if (path === '/login') return { token: 'tok-' + this.requests, user: { nickName: 'Bench User', level: 3, points: 1200 } };
    if (path.startsWith('/product/')) return productById(path.slice(9)) ?? null;
    const size = params.size ?? 10;
    const start = ((params.page ?? 1) - 1) * size;
    const items = PRODUCTS.slice(start, start + size).map((p) => ({ ...p, updatedAt: 1700000000000 + p.id * 86400000 }));
    return { total: PRODUCTS.length, items };
  }

  get(path, params) {
    return this.request('GET', path, params);
  }

  post(path, body) {
    return this.request('POST', path, body);
  }

  async login() {
    const res = await this.post('/login', {});
    this.token = res.data?.token ?? '';
    if (!this.token) throw new ApiError(401, 'login failed');
    return res.data.user;
  }
}

export const api = new ApiClient();
`

const genBusJS = `// A tiny event bus between pages.
const handlers = new Map();

export const bus = {
  on(name, fn) {
    if (!handlers.has(name)) handlers.set(name, new Set());
    handlers.get(name).add(fn);
    return () => handlers.get(name)?.delete(fn);
  },
  emit(name, ...args) {
    for (const fn of handlers.get(name) ?? []) fn(...args);
  },
};
`

const genAppJS = `import { Store, CartStore } from './utils/store';
import { api } from './utils/api';
import { bus } from './utils/bus';
import { formatDate } from './utils/format';
import { REGIONS } from './utils/regions';
import { CATEGORIES } from './utils/catalog';
import { t } from './utils/i18n';
import { initFeatures } from './utils/features/index';

App({
  globalData: {
    appName: 'Bench Mall',
    user: null,
    regions: 0,
    features: [],
    launchedAt: '',
  },

  store: new Store({ settings: { lang: 'en', theme: 'light' } }),
  cart: new CartStore(),

  onLaunch(options) {
    const opts = wx.getLaunchOptionsSync?.() ?? options;
    this.globalData.launchedAt = formatDate(Date.now());
    this.globalData.regions = REGIONS.length;
    this.globalData.categories = CATEGORIES.length;
    this.globalData.features = initFeatures({ currency: 'CNY' }).map((f) => f.name);
    this.globalData.scene = opts?.scene ?? 0;
    this.globalData.welcome = t('msg.welcome', this.store.get('settings.lang'));
    this.login();
  },

  async login() {
    try {
      const user = await api.login();
      this.globalData.user = user;
      this.store.set('user', user);
      bus.emit('login', user);
    } catch (err) {
      console.error('login failed', err?.message);
    }
  },

  onShow() {
    this.store.set('visible', true);
  },

  onHide() {
    this.store.set('visible', false);
  },

  onError(msg) {
    console.error('app error', msg);
  },
});
`

// genSortedNames returns the file names of fsys, sorted (for messages).
func genSortedNames(fsys fstest.MapFS) []string {
	out := make([]string, 0, len(fsys))
	for n := range fsys {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
