const log = (s) => getApp().globalData.log.push(s)

Page({
  data: {
    items: [{ id: 1, name: 'Mug' }, { id: 2, name: 'Kettle' }, { id: 3, name: 'Beans' }],
    count: 0,
    earlyNote: 'none',
    name: '',
  },
  onLoad() { this.setData({ loaded: true }); log('page.onLoad') },
  onResize(res) { log('page resize ' + res.size.windowWidth) },
  onReady() { log('page.onReady') },
  onCapture() { log('capture') },
  onTag(e) { log('tag tapped, current=' + e.currentTarget.id) },
  onHello(e) { log('hello ' + e.detail.n + ' target=' + e.target.id + ' current=' + e.currentTarget.id) },
  onEarly(e) { this.setData({ earlyNote: 'from ' + e.detail.from }) },
  onList(e) { log('list target=' + e.target.dataset.id + ' current=' + e.currentTarget.id) },
  onPick(e) {
    log('pick ' + e.currentTarget.dataset.id + ' mark=' + e.mark.row)
    this.setData({ count: this.data.count + 1, picked: e.currentTarget.dataset.id })
  },
  onBadge(e) { log('badge ' + e.detail.count + ' from ' + e.target.id) },
  onName(e) { this.setData({ name: e.detail.value }) },
  onBuy() {
    this.selectComponent('#toast').show('bought ' + this.data.count)
  },
  onSubmit(e) { log('submit ' + JSON.stringify(e.detail.value)) },
  query() {
    wx.createSelectorQuery().selectAll('.item').fields({ id: true, dataset: true, text: true })
      .select('#total').boundingClientRect().exec((res) => {
        getApp().globalData.query = res
      })
  },
})
