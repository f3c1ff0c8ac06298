// hooks returns an object with one method per hook name; each method only
// exists so that the runtime reports the call.
export function hooks(name, names) {
  const out = {}
  for (const n of names) {
    out[n] = function () {}
  }
  return out
}

export const pageHooks = ['onLoad', 'onShow', 'onReady', 'onHide', 'onUnload']
