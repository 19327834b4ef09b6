import { createRoot } from 'react-dom/client';
import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './lantern.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(<App />);
