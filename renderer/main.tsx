import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { bindClient } from './api/connection';
import { followContainers, refresh } from './state/actions';
import { followOpenRequests } from './state/openRequests';
import { App } from './components/App';
import './styles.css';

bindClient(createClient());
followContainers();
followOpenRequests();
void refresh();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
