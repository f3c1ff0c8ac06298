Page({ onLoad() { this.setData({ ok: true }) } })
