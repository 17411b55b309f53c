import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { bindClient, refresh } from './state/actions';
import { App } from './components/App';
import './styles.css';

bindClient(createClient());
void refresh();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
