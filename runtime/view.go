package runtime

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/minihost/minihost/bundle"
	"github.com/minihost/minihost/runtime/jsvalue"
	"github.com/minihost/minihost/view"
)

// pageView is a page's rendered WXML (see package view).
type pageView struct {
	tree    *view.Tree
	busy    bool        // an update is running
	pending [][]string  // page setData keys that arrived during an update
	fresh   []*compInst // components created and attached, not yet ready
	// compPending are component setData keys that arrived during the first
	// render (attached lifetimes run inside it, before the tree exists).
	compPending map[*compInst][]string
}

// templates returns the runtime's WXML loader (parsed files are shared by
// all runtimes).
func (r *Runtime) templates() *view.Templates {
	if r.tmpls == nil {
		r.tmpls = view.NewTemplates(r.b.FS)
	}
	return r.tmpls
}

// renderPage renders the page's WXML, if it has one, with its data. It
// runs before onLoad, as components are created and attached before the
// page loads; the page's setData calls then update the tree.
func (r *Runtime) renderPage(p *page) {
	file := p.route + ".wxml"
	if !r.isFile(file) {
		return
	}
	tmpl, err := r.templates().Load(file)
	r.loop.restartBudget() // parsing templates is not script time
	if err != nil {
		r.reportError(&ScriptError{Message: "Error: " + err.Error(), Source: "render", Err: err})
		return
	}
	pv := &pageView{busy: true}
	p.view = pv
	tree, err := view.Render(tmpl, p.data, &viewHost{r: r, page: p})
	if err != nil {
		pv.busy = false
		p.view = nil
		r.reportError(&ScriptError{Message: "Error: " + err.Error(), Source: "render", Err: err})
		return
	}
	pv.tree = tree
	// setData calls made while the first render ran (attached lifetimes,
	// events they triggered) are applied now, components first.
	for _, c := range r.pageComponents(p) {
		if keys, ok := pv.compPending[c]; ok {
			if err := tree.UpdateComponent(c, keys); err != nil {
				r.reportError(&ScriptError{Message: "Error: " + err.Error(), Source: "render", Err: err})
			}
		}
	}
	pv.compPending = nil
	for err == nil && len(pv.pending) > 0 {
		keys := pv.pending[0]
		pv.pending = pv.pending[1:]
		if err = tree.Update(p.data, keys); err != nil {
			r.reportError(&ScriptError{Message: "Error: " + err.Error(), Source: "render", Err: err})
		}
	}
	pv.busy = false
}

// readyComponents runs the ready lifetime of the components created since
// the last call (after the page's first render, and after updates).
func (r *Runtime) readyComponents(p *page) {
	if p.view == nil || !p.readied {
		return // ready waits for the page's first onShow (attached → onLoad → onShow → ready → onReady)
	}
	for len(p.view.fresh) > 0 {
		c := p.view.fresh[0]
		p.view.fresh = p.view.fresh[1:]
		if !c.gone {
			r.linkRelations(c)
			r.componentLifetime(c, "ready")
		}
	}
}

// dropView releases a page's view when it unloads: its components detach.
func (r *Runtime) dropView(p *page) {
	if p.view == nil {
		return
	}
	if p.view.tree != nil {
		p.view.tree.Close() // every component detaches, inner ones first
	}
	for _, c := range r.pageComponents(p) { // any the tree no longer holds
		c.Detach()
	}
	p.view = nil
}

// viewPageChanged updates a page's view after a setData.
func (r *Runtime) viewPageChanged(p *page, keys []string) {
	pv := p.view
	if pv == nil {
		return
	}
	if pv.busy || pv.tree == nil {
		pv.pending = append(pv.pending, keys)
		return
	}
	pv.busy = true
	err := pv.tree.Update(p.data, keys)
	for err == nil && len(pv.pending) > 0 {
		next := pv.pending[0]
		pv.pending = pv.pending[1:]
		err = pv.tree.Update(p.data, next)
	}
	pv.busy = false
	if err != nil {
		r.reportError(&ScriptError{Message: "Error: " + err.Error(), Source: "render", Err: err})
	}
	r.readyComponents(p)
}

// viewComponentChanged re-renders a component's subtree after its data
// changed.
func (r *Runtime) viewComponentChanged(c *compInst, keys []string) {
	pv := c.page.view
	if pv == nil || c.gone || !c.attached {
		return // before attached, the render reads the data as it is
	}
	if pv.tree == nil { // the first render is still running
		if pv.compPending == nil {
			pv.compPending = make(map[*compInst][]string)
		}
		pv.compPending[c] = append(pv.compPending[c], keys...)
		return
	}
	if err := pv.tree.UpdateComponent(c, keys); err != nil {
		r.reportError(&ScriptError{Message: "Error: " + err.Error(), Source: "render", Err: err})
	}
	if !pv.busy {
		r.readyComponents(c.page)
	}
}

// viewHost creates custom components for one page's tree.
type viewHost struct {
	r    *Runtime
	page *page
}

// ResolveComponent looks tag up in the usingComponents of the template's
// owner (page or component json), then of app.json, and resolves the path
// as require does (relative, root-relative, miniprogram_npm).
func (h *viewHost) ResolveComponent(owner, tag string) (string, bool) {
	base := strings.TrimSuffix(owner, ".wxml")
	key := base + "\x00" + tag
	if p, ok := h.r.compPaths[key]; ok {
		return p, p != ""
	}
	spec := h.r.usingComponents(base)[tag]
	if spec == "" {
		spec = h.r.b.App.UsingComponents[tag]
	}
	resolved := ""
	if spec != "" && !strings.HasPrefix(spec, "plugin://") {
		if f := h.r.resolve(base+".js", spec); f != "" {
			resolved = strings.TrimSuffix(f, ".js")
		}
	}
	h.r.compPaths[key] = resolved
	return resolved, resolved != ""
}

// usingComponents reads the usingComponents of a page or component json.
func (r *Runtime) usingComponents(base string) map[string]string {
	if r.b.HasPage(base) {
		if cfg, err := r.b.PageConfig(base); err == nil {
			return cfg.UsingComponents
		}
		return nil
	}
	data, err := fs.ReadFile(r.b.FS, base+".json")
	if err != nil {
		return nil
	}
	cfg, err := bundle.ParsePageConfig(base, data)
	if err != nil {
		return nil
	}
	return cfg.UsingComponents
}

// CreateComponent instantiates a component for an element: created and
// attached run now, ready after the render.
func (h *viewHost) CreateComponent(compPath string, n *view.Node, attrs map[string]any) (view.Component, error) {
	r := h.r
	def, err := r.loadComponentDef(compPath)
	if err != nil {
		return nil, fmt.Errorf("component %s: %w", compPath, err)
	}
	owner, _ := n.Owner.(*compInst)
	c, err := r.newComponent(def, compPath, h.page, owner, camelAttrs(attrs))
	if err != nil {
		return nil, err
	}
	c.host = n
	c.attrs = attrs // as written, for external classes
	_ = c.obj.Set("id", n.ID)
	_ = c.obj.Set("dataset", jsvalue.ToJS(r.rt, n.Dataset))
	r.componentLifetime(c, "created")
	return c, nil
}

// Attached runs when the component's element is in the tree (view.Attacher):
// the attached lifetime now, ready after the pass that made it.
func (c *compInst) Attached() {
	if c.gone || c.attached {
		return
	}
	r := c.runtime()
	c.attached = true
	r.componentLifetime(c, "attached")
	if c.page.view != nil {
		c.page.view.fresh = append(c.page.view.fresh, c)
	}
}

func camelAttrs(attrs map[string]any) map[string]any {
	out := make(map[string]any, len(attrs))
	for k, v := range attrs {
		out[view.CamelCase(k)] = v
	}
	return out
}

// Template returns the component's WXML, nil when it has none.
func (c *compInst) Template() *view.Template {
	r := c.runtime()
	file := c.path + ".wxml"
	if !r.isFile(file) {
		return nil
	}
	t, err := r.templates().Load(file)
	r.loop.restartBudget() // parsing templates is not script time
	if err != nil {
		r.reportError(&ScriptError{Message: "Error: " + err.Error(), Source: "render", Err: err})
		return nil
	}
	return t
}

// Data returns the component's data (the view reads it, never changes it),
// without the fields options.pureDataPattern keeps out of the view.
func (c *compInst) Data() map[string]any {
	re := c.def.pureData
	if re == nil {
		return c.data
	}
	if c.viewData == nil {
		c.viewData = make(map[string]any, len(c.data))
		for k, v := range c.data {
			if !re.MatchString(k) {
				c.viewData[k] = v
			}
		}
	}
	return c.viewData
}

// SetProperties applies the element's changed attributes.
func (c *compInst) SetProperties(attrs map[string]any) {
	for k, v := range attrs {
		c.attrs[k] = v
	}
	c.runtime().setProperties(c, camelAttrs(attrs))
}

// MapClass maps an external class of the component (view.ClassMapper) to
// the classes the element's attribute of that name gives.
func (c *compInst) MapClass(token string) []string {
	for _, ec := range c.def.externalClasses {
		if ec == token {
			if v, ok := c.attrs[ec].(string); ok {
				return strings.Fields(v)
			}
			return nil
		}
	}
	return []string{token}
}

// VirtualHost reports options.virtualHost (view.VirtualHoster).
func (c *compInst) VirtualHost() bool { return c.def.virtualHost }

// Detach runs the detached lifetime when the element leaves the tree.
func (c *compInst) Detach() {
	if c.gone {
		return
	}
	r := c.runtime()
	c.gone = true
	r.unlinkRelations(c)
	r.componentLifetime(c, "detached")
	delete(r.byObj, c.obj)
}

func (c *compInst) runtime() *Runtime { return c.page.rt }

// pageComponentsLifetime runs a pageLifetimes hook (show, hide) of every
// component of the page, in creation order.
func (r *Runtime) pageComponentsLifetime(p *page, name string) {
	if p.view == nil {
		return
	}
	for _, c := range r.pageComponents(p) {
		r.componentPageLifetime(c, name)
	}
}

// pageComponents returns the live components of a page in creation order.
func (r *Runtime) pageComponents(p *page) []*compInst {
	var comps []*compInst
	for _, s := range r.byObj {
		if s.comp != nil && s.comp.page == p && !s.comp.gone {
			comps = append(comps, s.comp)
		}
	}
	sort.Slice(comps, func(i, j int) bool { return comps[i].seq < comps[j].seq })
	return comps
}

// Resize tells the current page and its components that the window
// changed size: the page's onResize({size}) and the components'
// pageLifetimes.resize(size).
func (r *Runtime) Resize(ctx context.Context, windowWidth, windowHeight int) error {
	return r.do(ctx, func() error {
		p := r.top()
		if p == nil {
			return ErrNoPage
		}
		size := map[string]any{"windowWidth": float64(windowWidth), "windowHeight": float64(windowHeight)}
		r.hook(p, "onResize", r.rt.ToValue(map[string]any{"size": size}))
		for _, c := range r.pageComponents(p) {
			fns := c.def.pageLife["resize"]
			if len(fns) == 0 {
				continue
			}
			r.emit(&LifecycleEvent{Target: c.path, PageID: c.pageID, Hook: "pageLifetimes.resize"})
			for _, fn := range fns {
				if _, err := fn(c.obj, jsvalue.ToJS(r.rt, size)); err != nil {
					r.reportError(newScriptError(err, "lifecycle"))
				}
			}
		}
		return nil
	})
}
