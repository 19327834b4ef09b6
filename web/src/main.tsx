import { createRoot } from 'react-dom/client';
import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './lantern.css';
import { App } from './App';

// NHS.UK frontend's JavaScript runs only where the page says it is supported (its template sets these classes)
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

createRoot(document.getElementById('root')!).render(<App />);
