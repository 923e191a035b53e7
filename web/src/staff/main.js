import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import '../common/base.css';
import App from './App.vue';
import { router } from './router.js';
import { setOnUnauthorized } from '../common/api.js';
import { session } from './session.js';

setOnUnauthorized(() => {
  if (!session.user) return;
  session.user = null;
  try { localStorage.removeItem('xf_session_hint'); } catch { /* ignore */ }
  // The login page says why: a user sent there mid-task must not think
  // the system lost his work by itself.
  router.push({ path: '/login', query: { next: router.currentRoute.value.fullPath, expired: '1' } });
});

createApp(App).use(router).mount('#app');
