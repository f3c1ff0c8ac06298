App({
  globalData: { shows: [] },
  onLaunch(o) { this.globalData.launch = o },
  onShow(o) { this.globalData.shows.push(o) },
})
