// tiny-date 0.3.1 (built by "Build npm" into miniprogram_npm).
// A deliberately small date helper: format, addDays, fromNow.
module.exports = (function () {
  'use strict'

  var MS_PER_DAY = 24 * 60 * 60 * 1000

  function pad(n, width) {
    var s = String(n)
    while (s.length < (width || 2)) s = '0' + s
    return s
  }

  function toDate(value) {
    if (value instanceof Date) return new Date(value.getTime())
    if (value === undefined || value === null) return new Date()
    return new Date(value)
  }

  /**
   * format(date, 'YYYY-MM-DD HH:mm:ss'). Tokens: YYYY MM DD HH mm ss.
   * Uses local time, like the date helpers most mini programs ship.
   */
  function format(value, pattern) {
    var d = toDate(value)
    if (isNaN(d.getTime())) return 'Invalid Date'
    var tokens = {
      YYYY: String(d.getFullYear()),
      MM: pad(d.getMonth() + 1),
      DD: pad(d.getDate()),
      HH: pad(d.getHours()),
      mm: pad(d.getMinutes()),
      ss: pad(d.getSeconds())
    }
    return String(pattern || 'YYYY-MM-DD HH:mm:ss').replace(/YYYY|MM|DD|HH|mm|ss/g, function (t) {
      return tokens[t]
    })
  }

  function addDays(value, days) {
    return new Date(toDate(value).getTime() + days * MS_PER_DAY)
  }

  /** fromNow(t, now) → 'just now', '5 minutes ago', 'in 2 days', ... */
  function fromNow(value, now) {
    var diff = toDate(value).getTime() - toDate(now).getTime()
    var abs = Math.abs(diff)
    var units = [
      ['day', MS_PER_DAY],
      ['hour', 60 * 60 * 1000],
      ['minute', 60 * 1000]
    ]
    for (var i = 0; i < units.length; i++) {
      var n = Math.floor(abs / units[i][1])
      if (n >= 1) {
        var label = n + ' ' + units[i][0] + (n > 1 ? 's' : '')
        return diff < 0 ? label + ' ago' : 'in ' + label
      }
    }
    return 'just now'
  }

  return {
    version: '0.3.1',
    format: format,
    addDays: addDays,
    fromNow: fromNow
  }
})()
