App({
  globalData: { log: [] },
  onLaunch() {
    const log = this.globalData.log
    log.push('version ' + wx.getAccountInfoSync().miniProgram.version)
    const um = wx.getUpdateManager()
    um.onCheckForUpdate((res) => log.push('hasUpdate ' + res.hasUpdate))
    um.onUpdateReady(() => {
      log.push('ready')
      wx.setStorageSync('applied', true)
      um.applyUpdate()
    })
  },
})
