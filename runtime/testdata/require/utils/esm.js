import cfg from '../config'
const legacy = require('x.js')
export default { cfg: cfg.name, legacy: legacy.name }
