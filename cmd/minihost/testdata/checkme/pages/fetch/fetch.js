Page({
  onLoad() {
    wx.request({
      url: 'https://api.example.com/profile',
      success: (r) => {
        if (typeof r.data !== 'object') throw new Error('bad body ' + r.data)
        if (r.data.fail) throw new Error('server said fail')
      },
      fail: (e) => { throw new Error(e.errMsg) },
    })
  },
})
