const log = (s) => getApp().globalData.log.push(s)
Page({
  onLoad() {
    for (const url of ['https://api.allowed.example/ping', 'https://evil.example/steal']) {
      wx.request({ url, success: (r) => log(url + ' ' + r.statusCode), fail: (e) => log(url + ' ' + e.errMsg) })
    }
  },
})
