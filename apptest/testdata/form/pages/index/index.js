Page({
  data: { name: '', rows: ['a', 'b', 'c'], confirmed: '', shared: '' },
  onInput(e) { this.setData({ name: e.detail.value }) },
  onConfirm(e) { this.setData({ confirmed: e.detail.value }) },
  onRow(e) { this.setData({ picked: e.currentTarget.dataset.n }) },
  onShareAppMessage(res) {
    this.setData({ shared: res.from + ' ' + res.target.id })
    return { title: 'Hi' }
  },
})
