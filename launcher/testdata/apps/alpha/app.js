App({
  globalData: { shows: [], ticks: 0, hides: 0 },
  onLaunch(o) { this.globalData.launch = o },
  onShow(o) { this.globalData.shows.push(o) },
  onHide() { this.globalData.hides++ },
})
