import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FamilyApp } from './FamilyApp';
import './family.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <FamilyApp />
    </StrictMode>,
  );
}
