const one = require('./cycle1')
exports.seen = JSON.stringify(one)
