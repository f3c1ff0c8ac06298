const log = (s) => getApp().globalData.log.push(s)

Component({
  properties: {
    count: { type: Number, value: 0, observer(n, o) { this._old = o; this.setData({ label: 'n=' + n }) } },
  },
  data: { label: 'empty' },
  observers: {
    count(c) { log('observer count ' + c) },
  },
  lifetimes: {
    created() { log('badge.created') },
    attached() { log('badge.attached') },
    ready() { log('badge.ready') },
    detached() { log('badge.detached') },
  },
  methods: {
    onTap() { this.triggerEvent('badgetap', { count: this.data.count }, { bubbles: true }) },
  },
})
