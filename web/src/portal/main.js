import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import '../common/base.css';
import Portal from './Portal.vue';

createApp(Portal).mount('#app');
