import './base.css';
import './guard.css';
