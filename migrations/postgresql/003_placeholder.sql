-- Placeholder: migration 003 (ESCO) is written on another branch.
SELECT 1;
