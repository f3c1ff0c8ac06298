// Objects returned by the wx factories (createSelectorQuery, getRecorderManager,
// ...) when no group implements them. Evaluated once per runtime; `later`
// runs a function in a later loop job, reporting its exceptions.
(function (later) {
  'use strict';

  function notSupported(api) {
    return { errMsg: api + ':fail not supported' };
  }

  function hasCallbacks(o) {
    return o !== null && typeof o === 'object' &&
      (typeof o.success === 'function' || typeof o.fail === 'function' || typeof o.complete === 'function');
  }

  // failLater reports "<api>:fail not supported" to the callbacks of o.
  function failLater(api, o) {
    later(function () {
      var r = notSupported(api);
      if (typeof o.fail === 'function') o.fail(r);
      if (typeof o.complete === 'function') o.complete(r);
    });
  }

  function gradient() {
    return { addColorStop: function () {} };
  }

  // Values returned by methods that answer something.
  var returns = {
    measureText: function () { return { width: 0 }; },
    createLinearGradient: gradient,
    createCircularGradient: gradient,
    createPattern: function () { return {}; },
    getContext: function () { return null; },
    getEntries: function () { return []; },
    getEntriesByName: function () { return []; },
    getEntriesByType: function () { return []; },
    getAllMarker: function () { return []; }
  };

  // generic builds an object whose methods exist: on*/off* accept a
  // listener, xxxSync throws, a method marked with * returns a rejected
  // Promise, methods given success/fail/complete fail through them, and the
  // others do nothing (a few return an empty answer, see returns).
  function generic(methods) {
    var obj = {};
    methods.split(/\s+/).forEach(function (spec) {
      if (!spec) return;
      var promise = spec.charAt(spec.length - 1) === '*';
      var m = promise ? spec.slice(0, -1) : spec;
      if (/^(on|off)[A-Z]/.test(m)) {
        obj[m] = function () {};
      } else if (/Sync$/.test(m)) {
        obj[m] = function () { throw new Error(m + ':fail not supported'); };
      } else {
        obj[m] = function (o) {
          if (hasCallbacks(o)) {
            failLater(m, o);
            return undefined;
          }
          if (promise) return Promise.reject(notSupported(m));
          if (returns[m]) return returns[m]();
          if (m === 'in' || m === 'tag') return obj;
          return undefined;
        };
      }
    });
    return obj;
  }

  // selectorQuery answers every request with nothing: null for select and
  // selectViewport, [] for selectAll, as for nodes that do not exist.
  function selectorQuery() {
    var queue = [];
    var q = {};
    function nodesRef(all) {
      function add(cb) {
        queue.push({ all: all, cb: cb });
        return q;
      }
      return {
        boundingClientRect: add,
        scrollOffset: add,
        context: add,
        node: add,
        fields: function (fields, cb) { return add(cb); }
      };
    }
    q.in = function () { return q; };
    q.select = function () { return nodesRef(false); };
    q.selectAll = function () { return nodesRef(true); };
    q.selectViewport = function () { return nodesRef(false); };
    q.exec = function (cb) {
      var items = queue.splice(0, queue.length);
      later(function () {
        var res = items.map(function (it) { return it.all ? [] : null; });
        items.forEach(function (it, i) {
          if (typeof it.cb === 'function') it.cb(res[i]);
        });
        if (typeof cb === 'function') cb(res);
      });
      return q;
    };
    return q;
  }

  // intersectionObserver never observes an intersection.
  function intersectionObserver() {
    var o = {};
    o.relativeTo = function () { return o; };
    o.relativeToViewport = function () { return o; };
    o.observe = function () {};
    o.disconnect = function () {};
    return o;
  }

  var styles = 'opacity backgroundColor width height top left bottom right';
  var transforms = 'rotate rotateX rotateY rotateZ rotate3d scale scaleX scaleY scaleZ scale3d ' +
    'translate translateX translateY translateZ translate3d skew skewX skewY matrix matrix3d';

  // animation records its steps as the base library's Animation does, so
  // that export() gives {actions: [{animates, option}]}.
  function animation(defaults) {
    var base = { duration: 400, timingFunction: 'linear', delay: 0, transformOrigin: '50% 50% 0' };
    Object.assign(base, defaults || {});
    var current = [];
    var actions = [];
    var a = {};
    styles.split(' ').forEach(function (m) {
      a[m] = function (v) {
        current.push({ type: 'style', args: [m, v] });
        return a;
      };
    });
    transforms.split(' ').forEach(function (m) {
      a[m] = function () {
        current.push({ type: m, args: Array.prototype.slice.call(arguments) });
        return a;
      };
    });
    a.step = function (opt) {
      var o = Object.assign({}, base, opt || {});
      if (current.length) {
        actions.push({
          animates: current,
          option: {
            transformOrigin: o.transformOrigin,
            transition: { duration: o.duration, timingFunction: o.timingFunction, delay: o.delay }
          }
        });
      }
      current = [];
      return a;
    };
    a.export = function () {
      var out = { actions: actions };
      actions = [];
      return out;
    };
    return a;
  }

  return {
    generic: generic,
    createSelectorQuery: selectorQuery,
    createIntersectionObserver: intersectionObserver,
    createAnimation: animation
  };
})
