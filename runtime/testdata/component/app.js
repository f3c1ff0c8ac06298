App({ globalData: { log: [] } })
