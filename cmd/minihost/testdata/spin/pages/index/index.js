Page({ onLoad() { setTimeout(() => { while (true) {} }, 10) } })
