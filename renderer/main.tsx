import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { bindClient } from './api/connection';
import { followContainers, followShellRequests, refresh } from './state/containers';
import { followOpenRequests, handleOpenRequest } from './state/openRequests';
import { followUpdates } from './state/updates';
import { followAutoStops } from './state/autoStop';
import { App } from './components/App';
import './styles.css';

const client = createClient();
bindClient(client);
followContainers();
followOpenRequests();
followUpdates();
followAutoStops();
followShellRequests();
void refresh().then(() => (client.openAtStart ? handleOpenRequest(client.openAtStart) : undefined));
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
