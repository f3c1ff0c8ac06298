Page({ onLoad() { setTimeout(() => { undefinedFn() }, 100) } })
