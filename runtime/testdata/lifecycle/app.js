import { hooks } from './utils/hooks'

App({
  ...hooks('app', ['onLaunch', 'onShow', 'onHide']),
  globalData: { opened: [] },
})
