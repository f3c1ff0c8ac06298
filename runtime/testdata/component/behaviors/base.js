const log = (s) => getApp().globalData.log.push(s)

export const inner = Behavior({
  data: { shared: { from: 'inner', inner: true }, who: 'inner' },
  methods: {
    hello() { return 'inner hello' },
    onlyInner() { return 'only inner' },
  },
  created() { log('inner.created') },
  lifetimes: { attached() { log('inner.attached') } },
})

export const outer = Behavior({
  behaviors: [inner],
  properties: { size: { type: Number, value: 3 } },
  data: { shared: { from: 'outer', outer: true }, who: 'outer' },
  methods: { hello() { return 'outer hello' } },
  lifetimes: { created() { log('outer.created') }, ready() { log('outer.ready') } },
  pageLifetimes: { show() { log('outer.pageShow') } },
})
