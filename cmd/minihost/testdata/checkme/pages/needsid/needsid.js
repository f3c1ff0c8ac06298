Page({
  onLoad(q) {
    if (!q.id) throw new Error('no id in the query')
  },
})
