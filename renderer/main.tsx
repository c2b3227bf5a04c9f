import './polyfills';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startCallEngine } from './call/start-engine';
import { startRinging } from './contacts/start-ringing';
import './app/styles.css';

startRinging(startCallEngine());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
