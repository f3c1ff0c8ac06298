exports.before = 'one'
const two = require('./cycle2')
exports.after = 'one done'
exports.sawTwo = two.seen
