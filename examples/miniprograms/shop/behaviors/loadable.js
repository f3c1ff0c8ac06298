// A Behavior for pages and components that load data asynchronously.
// It adds `loading` / `loadError` to the data and a `runLoad(task)` method
// that toggles them around an async task and drops stale results.

export default Behavior({
  data: {
    loading: false,
    loadError: ''
  },

  lifetimes: {
    created() {
      // Not in data: nothing the view needs, and setData would copy it.
      this._loadSeq = 0
    },
    detached() {
      // Any load still in flight belongs to a page that is gone.
      this._loadSeq += 1
    }
  },

  methods: {
    /**
     * Runs task() with the loading flag set. Resolves with the task's result,
     * or with undefined if it failed (loadError then holds the message) or if
     * a newer runLoad started or the page detached in the meantime.
     */
    async runLoad(task) {
      const seq = ++this._loadSeq
      this.setData({ loading: true, loadError: '' })
      try {
        const result = await task()
        if (seq !== this._loadSeq) return undefined
        this.setData({ loading: false })
        return result
      } catch (err) {
        if (seq !== this._loadSeq) return undefined
        const message = (err && err.message) || String(err)
        console.warn('[loadable] load failed:', message)
        this.setData({ loading: false, loadError: message })
        return undefined
      }
    },

    onRetry() {
      if (typeof this.reload === 'function') {
        this.reload()
      }
    }
  }
})
