Page({
  data: { got: [] },
  openDetail(e) {
    const id = e.currentTarget.dataset.id
    wx.navigateTo({
      url: '/pages/detail/detail?id=' + id + '&count=7&on=true',
      events: { picked(v) { getApp().globalData.log.push('picked ' + v) } },
      success: (res) => {
        getApp().globalData.log.push('navigateTo ok, gesture=' + e.type)
        res.eventChannel.emit('hello', 'from list')
      },
    })
  },
})
