package wxsurface

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/minihost/minihost/bridge"
	"github.com/minihost/minihost/wxapi/wxsys"
)

//go:embed testdata/wx-api-names.txt
var namesText string

// Names are the wx functions of the public typings (495 names), sorted:
// the surface every runtime offers once the group is installed.
var Names = parseNames(namesText)

func parseNames(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Handlers finds the host's handler of a wx API by name. A HandlerMap is
// one; so is anything with the same method (a *bridge.Registry, once it
// exports its lookup).
type Handlers interface {
	Lookup(name string) (h bridge.Handler, ok bool)
}

// HandlerMap maps wx API names to host handlers.
type HandlerMap map[string]bridge.Handler

// Lookup returns the handler of name.
func (m HandlerMap) Lookup(name string) (bridge.Handler, bool) {
	h, ok := m[name]
	return h, ok
}

// Options configures the group. The zero value makes every missing API
// fail with "not supported".
type Options struct {
	// Handlers serve the missing APIs the host implements (camera,
	// location, scanCode...). Asynchronous APIs are served off the loop
	// with the convention; xxxSync APIs run on the loop, which waits for
	// them (bounded by the bridge's timeout).
	Handlers Handlers
	// CanIUse lists more canIUse paths to answer true ("getFileSystemManager.return.readFile"),
	// for features that groups implement beyond the built-in table.
	CanIUse []string
	// Names overrides the list of wx functions to guarantee; nil means Names.
	Names []string
}

// ErrPrivateInfo is the reason of a location API that app.json does not
// declare in requiredPrivateInfos.
var ErrPrivateInfo = errors.New("the api need to be declared in the requiredPrivateInfos field in app.json/ext.json")

// privateInfos are the APIs that must be declared in requiredPrivateInfos.
var privateInfos = []string{
	"getLocation", "chooseLocation", "chooseAddress", "choosePoi", "getFuzzyLocation",
	"onLocationChange", "startLocationUpdate", "startLocationUpdateBackground",
}

// voidFuncs take data and return nothing; they are accepted and ignored.
var voidFuncs = []string{"reportAnalytics", "reportEvent", "reportMonitor", "reportPerformance", "revokeBufferURL"}

// asyncCreate are create* APIs that are asynchronous, not factories.
var asyncCreate = []string{"createBLEConnection", "createBLEPeripheralServer"}

// factories gives the methods of the objects that factories return (see
// factories.js: on*/off* accept listeners, xxxSync throw, a trailing *
// marks a method returning a Promise).
var factories = map[string]string{
	"createAudioContext":      "setSrc play pause seek",
	"createInnerAudioContext": "play pause stop seek destroy onCanplay offCanplay onPlay offPlay onPause offPause onStop offStop onEnded offEnded onTimeUpdate offTimeUpdate onError offError onWaiting offWaiting onSeeking offSeeking onSeeked offSeeked",
	"createCameraContext":     "takePhoto startRecord stopRecord setZoom onCameraFrame",
	"createCanvasContext": "arc arcTo beginPath bezierCurveTo clearRect clip closePath createCircularGradient createLinearGradient createPattern draw drawImage fill fillRect fillText lineTo measureText moveTo quadraticCurveTo rect restore rotate save scale " +
		"setFillStyle setFontSize setGlobalAlpha setLineCap setLineDash setLineJoin setLineWidth setMiterLimit setShadow setStrokeStyle setTextAlign setTextBaseline setTransform stroke strokeRect strokeText transform translate",
	"createLivePlayerContext": "play stop mute pause resume requestFullScreen exitFullScreen snapshot requestPictureInPicture exitPictureInPicture",
	"createLivePusherContext": "start stop pause resume switchCamera snapshot toggleTorch playBGM stopBGM pauseBGM resumeBGM setBGMVolume setMICVolume startPreview stopPreview sendMessage",
	"createMapContext": "getCenterLocation getRegion getRotate getScale getSkew includePoints moveToLocation translateMarker addMarkers removeMarkers addCustomLayer removeCustomLayer addGroundOverlay removeGroundOverlay updateGroundOverlay " +
		"setCenterOffset fromScreenLocation toScreenLocation initMarkerCluster on openMapApp setLocMarkerIcon moveAlong addVisualLayer removeVisualLayer addArc removeArc setBoundary",
	"createVideoContext":        "play pause stop seek sendDanmu playbackRate requestFullScreen exitFullScreen showStatusBar hideStatusBar requestPictureInPicture exitPictureInPicture",
	"createOffscreenCanvas":     "getContext createImage toDataURL",
	"createMediaRecorder":       "start stop pause resume destroy on off",
	"createVideoDecoder":        "start stop seek remove getFrameData on off",
	"createWebAudioContext":     "close resume suspend createBuffer createBufferSource createGain createOscillator createAnalyser createBiquadFilter createChannelMerger createChannelSplitter createDelay createDynamicsCompressor createIIRFilter createPeriodicWave createScriptProcessor createWaveShaper decodeAudioData",
	"createWorker":              "postMessage onMessage terminate onProcessKilled",
	"createRewardedVideoAd":     "load* show* destroy onLoad offLoad onError offError onClose offClose",
	"createInterstitialAd":      "load* show* destroy onLoad offLoad onError offError onClose offClose",
	"createInferenceSession":    "run* destroy onLoad offLoad onError offError",
	"createMediaAudioPlayer":    "start* stop* destroy* addAudioSource* removeAudioSource*",
	"createMediaContainer":      "addTrack removeTrack export extractDataSource destroy",
	"createCacheManager":        "addRule addRules clearRules deleteRule deleteRules clearCaches deleteCache deleteCaches match start stop on off",
	"createGlobalPayment":       "openPaymentPanel*",
	"createTCPSocket":           "connect write close bindWifi onConnect offConnect onMessage offMessage onClose offClose onError offError onBindWifi offBindWifi",
	"createUDPSocket":           "bind connect send write close setTTL onMessage offMessage onListening offListening onClose offClose onError offError",
	"createVKSession":           "start stop destroy getVKFrame hitTest on off addMarker removeMarker getAllMarker",
	"createBufferURL":           "",
	"getBackgroundAudioManager": "play pause stop seek onCanplay onPlay onPause onStop onEnded onTimeUpdate onPrev onNext onError onWaiting",
	"getLogManager":             "debug info log warn",
	"getRealtimeLogManager":     "info warn error setFilterMsg addFilterMsg in getCurrentState tag",
	"getRecorderManager":        "start pause resume stop onStart onPause onResume onStop onFrameRecorded onError onInterruptionBegin onInterruptionEnd",
	"getFileSystemManager": "access accessSync appendFile appendFileSync close closeSync copyFile copyFileSync fstat fstatSync ftruncate ftruncateSync getFileInfo getSavedFileList mkdir mkdirSync open openSync read readSync readFile readFileSync " +
		"readdir readdirSync readCompressedFile readCompressedFileSync readZipEntry removeSavedFile rename renameSync rmdir rmdirSync saveFile saveFileSync stat statSync truncate truncateSync unlink unlinkSync unzip write writeSync writeFile writeFileSync",
	"getNFCAdapter":          "getNdef getNfcA getNfcB getNfcF getNfcV getIsoDep getMifareClassic getMifareUltralight startDiscovery stopDiscovery onDiscovered offDiscovered",
	"getPerformance":         "createObserver getEntries getEntriesByName getEntriesByType setBufferSize",
	"getUserCryptoManager":   "getLatestUserKey getRandomValues",
	"getUpdateManager":       "applyUpdate onCheckForUpdate onUpdateReady onUpdateFailed",
	"getPluginUpdateManager": "applyUpdate onCheckForUpdate onUpdateReady onUpdateFailed",
	"getXrFrameSystem":       "",
}

// kind is how a missing API is stubbed.
type kind int

const (
	kindAsync    kind = iota // the convention: callbacks or a Promise
	kindSync                 // returns or throws
	kindListener             // on*/off*: accepted, ignored
	kindFactory              // returns an object whose methods exist
	kindVoid                 // accepted, ignored
)

func classify(name string) kind {
	switch {
	case strings.HasSuffix(name, "Sync"):
		return kindSync
	case len(name) > 2 && strings.HasPrefix(name, "on") && isUpper(name[2]),
		len(name) > 3 && strings.HasPrefix(name, "off") && isUpper(name[3]):
		return kindListener
	case slices.Contains(voidFuncs, name):
		return kindVoid
	case slices.Contains(asyncCreate, name):
		return kindAsync
	}
	if _, ok := factories[name]; ok {
		return kindFactory
	}
	if strings.HasPrefix(name, "create") || strings.HasPrefix(name, "get") && (strings.HasSuffix(name, "Manager") || strings.HasSuffix(name, "Context")) {
		return kindFactory
	}
	return kindAsync
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

//go:embed factories.js
var factoriesJS string

var (
	compileOnce sync.Once
	factoriesPr *goja.Program
	compileErr  error
)

func program() (*goja.Program, error) {
	compileOnce.Do(func() {
		factoriesPr, compileErr = goja.Compile("wxsurface/factories.js", factoriesJS, true)
	})
	return factoriesPr, compileErr
}

// New returns the group that completes the wx surface. Install it last:
// every name of opts.Names (Names by default) that no earlier group
// defined gets a stub (see the package doc), and canIUse answers from what
// the earlier groups really implement.
func New(opts Options) bridge.Group {
	names := opts.Names
	if names == nil {
		names = Names
	}
	return bridge.GroupFunc(func(d *bridge.Definer) error {
		s := &surface{d: d, opts: opts, stubs: make(map[string]bool)}
		return s.install(names)
	})
}

// surface is the group in one runtime. Loop only.
type surface struct {
	d     *bridge.Definer
	opts  Options
	stubs map[string]bool // names defined here as stubs
	lib   *goja.Object    // the factories of factories.js
	idle  map[int64]bool  // requestIdleCallback ids still pending
	next  int64
}

func (s *surface) install(names []string) error {
	d := s.d
	prg, err := program()
	if err != nil {
		return fmt.Errorf("wxsurface: %w", err)
	}
	env := d.Env()
	v, err := env.JS().RunProgram(prg)
	if err != nil {
		return fmt.Errorf("wxsurface: factories: %w", err)
	}
	build, _ := goja.AssertFunction(v)
	lib, err := build(goja.Undefined(), env.JS().ToValue(s.later))
	if err != nil {
		return fmt.Errorf("wxsurface: factories: %w", err)
	}
	s.lib = lib.ToObject(env.JS())

	// Helpers of the surface itself: real implementations, not stubs.
	own := map[string]func(goja.FunctionCall) goja.Value{
		"canIUse":             s.canIUse,
		"getApiCategory":      func(goja.FunctionCall) goja.Value { return env.JS().ToValue("default") },
		"requestIdleCallback": s.requestIdleCallback,
		"cancelIdleCallback":  s.cancelIdleCallback,
	}
	for name, fn := range own {
		if d.Defined(name) {
			continue
		}
		if err := d.Func(name, fn); err != nil {
			return err
		}
	}
	for _, name := range names {
		if d.Defined(name) {
			continue
		}
		if err := s.stub(name); err != nil {
			return err
		}
		s.stubs[name] = true
	}
	return nil
}

// later runs fn (a JavaScript function) in a later loop job.
func (s *surface) later(c goja.FunctionCall) goja.Value {
	fn, ok := goja.AssertFunction(c.Argument(0))
	if ok {
		env := s.d.Env()
		env.Enqueue(func() { _, _ = env.Call(fn, goja.Undefined()) })
	}
	return goja.Undefined()
}

// handler returns the host's handler of name, if any.
func (s *surface) handler(name string) (bridge.Handler, bool) {
	if s.opts.Handlers == nil {
		return nil, false
	}
	return s.opts.Handlers.Lookup(name)
}

// routed reports whether calls of the stub name reach a host handler.
func (s *surface) routed(name string) bool {
	if _, ok := s.handler(name); ok {
		return true
	}
	if o := s.d.Config().Overrides; o != nil && classify(name) == kindAsync {
		return slices.Contains(o.Names(), name)
	}
	return false
}

func (s *surface) stub(name string) error {
	d := s.d
	switch classify(name) {
	case kindSync:
		return d.Sync(name, s.syncStub(name))
	case kindListener, kindVoid:
		return d.Func(name, func(goja.FunctionCall) goja.Value { return goja.Undefined() })
	case kindFactory:
		return d.Func(name, s.factory(name))
	}
	return d.Async(name, func(p *bridge.Pending) { s.async(name, p) })
}

// async serves a missing asynchronous API: the app.json declaration and
// the permission scope first, then the host's handler or "not supported".
func (s *surface) async(name string, p *bridge.Pending) {
	d := s.d
	if slices.Contains(privateInfos, name) && !slices.Contains(d.Env().Bundle().App.RequiredPrivateInfos, name) {
		p.Fail(ErrPrivateInfo)
		return
	}
	h, ok := s.handler(name)
	scope := wxsys.ScopeOf(name)
	if !ok {
		// Do not ask for a scope the host cannot use anyway; a refusal
		// already made still shows.
		if perms := wxsys.PermissionsOf(d.Env()); scope != "" && perms != nil {
			app := d.App()
			p.Go(func(context.Context) (map[string]any, error) {
				granted, asked, err := perms.Decision(app, scope)
				switch {
				case err != nil:
					return nil, err
				case asked && !granted:
					return nil, wxsys.ErrAuthDeny
				}
				return nil, bridge.ErrNotSupported
			})
			return
		}
		p.Fail(bridge.ErrNotSupported)
		return
	}
	check := wxsys.ScopeCheck(d, name)
	call := d.NewCall(p)
	p.Serve(bridge.HandlerFunc(func(ctx context.Context, c *bridge.Call) (map[string]any, error) {
		if err := check(ctx); err != nil {
			return nil, err
		}
		return h.ServeAPI(ctx, c)
	}), call)
}

// syncStub serves a missing xxxSync API: the host's handler runs while the
// loop waits (bounded by the bridge's timeout), or it throws.
func (s *surface) syncStub(name string) func(goja.FunctionCall) (any, error) {
	d := s.d
	return func(c goja.FunctionCall) (any, error) {
		h, ok := s.handler(name)
		if !ok {
			return nil, bridge.ErrNotSupported
		}
		env := d.Env()
		args := map[string]any{}
		if v, ok, _ := env.ToGo(c.Argument(0)); ok {
			if m, isMap := v.(map[string]any); isMap {
				args = m
			}
		}
		id, route := env.CurrentPage()
		call := &bridge.Call{API: name, App: d.App(), PageID: id, Route: route, Args: args}
		res, err := d.ServeSync(h, call)
		if err == nil && res == nil {
			res = map[string]any{}
		}
		return res, err
	}
}

// factory returns the stub of a factory: a new object per call.
func (s *surface) factory(name string) func(goja.FunctionCall) goja.Value {
	rt := s.d.Env().JS()
	return func(c goja.FunctionCall) goja.Value {
		if special, ok := goja.AssertFunction(s.lib.Get(name)); ok {
			v, err := special(goja.Undefined(), c.Arguments...)
			if err != nil {
				panic(err)
			}
			return v
		}
		if name == "createBufferURL" {
			panic(rt.NewGoError(errors.New(name + ":fail not supported")))
		}
		gen, _ := goja.AssertFunction(s.lib.Get("generic"))
		v, err := gen(goja.Undefined(), rt.ToValue(factories[name]))
		if err != nil {
			panic(err)
		}
		return v
	}
}

// requestIdleCallback calls cb in a later job (a headless loop is idle as
// soon as the current job ends) with a deadline object; it returns an id
// for cancelIdleCallback.
func (s *surface) requestIdleCallback(c goja.FunctionCall) goja.Value {
	env := s.d.Env()
	rt := env.JS()
	fn, ok := goja.AssertFunction(c.Argument(0))
	if !ok {
		panic(rt.NewTypeError("requestIdleCallback: callback should be Function"))
	}
	if s.idle == nil {
		s.idle = make(map[int64]bool)
	}
	s.next++
	id := s.next
	s.idle[id] = true
	env.Enqueue(func() {
		if !s.idle[id] {
			return
		}
		delete(s.idle, id)
		deadline := rt.NewObject()
		_ = deadline.Set("didTimeout", false)
		_ = deadline.Set("timeRemaining", func(goja.FunctionCall) goja.Value { return rt.ToValue(50) })
		_, _ = env.Call(fn, goja.Undefined(), deadline)
	})
	return rt.ToValue(id)
}

func (s *surface) cancelIdleCallback(c goja.FunctionCall) goja.Value {
	delete(s.idle, c.Argument(0).ToInteger())
	return goja.Undefined()
}
